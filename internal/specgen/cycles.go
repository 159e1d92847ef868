package main

// breakCycles makes the generated structs finite: a field that holds a type
// by value (directly or inside Optional/Nullable) and thereby closes a cycle
// (through generated or hand-written structs) holds a pointer instead. The
// choice depends only on the graph, not on the order of declarations.
func (g *gen) breakCycles() {
	edges := map[string][]string{}
	for name, deps := range g.hw.Inline {
		edges[name] = deps
	}
	for _, name := range sortedKeys(g.structs) {
		for _, f := range g.structs[name].Fields {
			edges[name] = append(edges[name], inlineNames(f.Type)...)
		}
	}
	comp := scc(edges)
	for _, name := range sortedKeys(g.structs) {
		d := g.structs[name]
		for _, f := range d.Fields {
			for _, dep := range inlineNames(f.Type) {
				if dep == name || (comp[dep] == comp[name] && comp[name] != 0) {
					f.Type = pointerize(f.Type)
					break
				}
			}
		}
	}
}

// inlineNames lists named types held by value in t.
func inlineNames(t *goType) []string {
	switch t.kind {
	case kNamed:
		return []string{t.name}
	case kOptional, kNullable:
		return inlineNames(t.elem)
	}
	return nil
}

// pointerize stores the inline value of t behind a pointer:
// T -> *T, Optional[T] -> *T (nil is absent), Nullable[T] -> Nullable[*T].
func pointerize(t *goType) *goType {
	switch t.kind {
	case kNamed:
		return pointerTo(t)
	case kOptional:
		return pointerTo(t.elem)
	case kNullable:
		return nullableOf(pointerize(t.elem))
	}
	return t
}

// scc numbers the strongly connected components of a graph with more than
// one node (Tarjan's algorithm); nodes outside such a component get 0.
func scc(edges map[string][]string) map[string]int {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	comp := map[string]int{}
	next, ncomp := 1, 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if index[w] == 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var members []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			members = append(members, w)
			if w == v {
				break
			}
		}
		if len(members) > 1 {
			ncomp++
			for _, m := range members {
				comp[m] = ncomp
			}
		}
	}
	for _, v := range sortedKeys(edges) {
		if index[v] == 0 {
			visit(v)
		}
	}
	return comp
}
