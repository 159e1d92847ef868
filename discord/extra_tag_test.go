package discord

import (
	"reflect"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The json v2 version this module uses spells the catch-all for unknown keys
// `json:",embed"`; any other tag (the older `json:",unknown"`) is silently
// treated as a plain member named "Extra", which loses unknown keys and adds
// an "Extra" key on encode. Check every struct reachable from the event
// payloads.
func TestExtraFieldsAreEmbedded(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice ||
			typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			if typ.Kind() == reflect.Map {
				walk(typ.Key())
			}
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		if reflect.PointerTo(typ).Implements(reflect.TypeFor[json.UnmarshalerFrom]()) {
			return // custom JSON (RoleTags keeps its Extra by hand)
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if f.Type == reflect.TypeFor[jsontext.Value]() && f.Name == "Extra" {
				if tag := f.Tag.Get("json"); tag != ",embed" {
					t.Errorf("%s.Extra has tag %q, want \",embed\"", typ, tag)
				}
			}
			walk(f.Type)
		}
	}
	for _, newEvent := range eventConstructors {
		walk(reflect.TypeOf(newEvent()))
	}
	if len(seen) < 50 {
		t.Fatalf("walked only %d struct types", len(seen))
	}
}
