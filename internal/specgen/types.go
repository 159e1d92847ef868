package main

import "strings"

// goType is a Go type expression built by the generator.
type goType struct {
	kind goKind
	name string  // kNamed: "string", "Snowflake", "jsontext.Value", "Guild"
	elem *goType // kSlice, kMap (value), kOptional, kNullable, kPointer
}

type goKind uint8

const (
	kNamed goKind = iota
	kSlice
	kMap
	kOptional
	kNullable
	kPointer
)

func named(n string) *goType            { return &goType{kind: kNamed, name: n} }
func sliceOf(t *goType) *goType         { return &goType{kind: kSlice, elem: t} }
func mapOf(t *goType) *goType           { return &goType{kind: kMap, elem: t} }
func optionalOf(t *goType) *goType      { return &goType{kind: kOptional, elem: t} }
func nullableOf(t *goType) *goType      { return &goType{kind: kNullable, elem: t} }
func pointerTo(t *goType) *goType       { return &goType{kind: kPointer, elem: t} }
func (t *goType) isNamed(n string) bool { return t.kind == kNamed && t.name == n }

// rawValue is the Go type for JSON of any shape.
const rawValue = "jsontext.Value"

func (t *goType) String() string {
	switch t.kind {
	case kSlice:
		return "[]" + t.elem.String()
	case kMap:
		return "map[string]" + t.elem.String()
	case kOptional:
		return "Optional[" + t.elem.String() + "]"
	case kNullable:
		return "Nullable[" + t.elem.String() + "]"
	case kPointer:
		return "*" + t.elem.String()
	}
	return t.name
}

// accessorName names a union variant of this type for As/Set methods.
func (t *goType) accessorName() string {
	switch t.kind {
	case kSlice:
		return t.elem.accessorName() + "List"
	case kMap:
		return t.elem.accessorName() + "Map"
	case kPointer, kOptional, kNullable:
		return t.elem.accessorName()
	}
	if t.name == rawValue {
		return "Raw"
	}
	return strings.ToUpper(t.name[:1]) + t.name[1:]
}

// zeroIsAbsent reports types whose zero value already means "absent" and that
// therefore take omitzero without an Optional wrapper: slices, maps, raw JSON
// and union wrappers (nil or empty Raw).
func (g *gen) zeroIsAbsent(t *goType) bool {
	switch t.kind {
	case kSlice, kMap, kPointer:
		return true
	case kNamed:
		if t.name == rawValue {
			return true
		}
		_, isUnion := g.unionByName[t.name]
		return isUnion || g.topUnion[t.name]
	}
	return false
}
