package rest

import (
	"net/url"
	"sort"
	"strings"
	"sync"
)

// A path the route table knows is keyed by the table itself, so that a
// proxied request and a Client call of the same operation always share one
// rate-limit key, whatever the spec names its parameters. KeyForPath's
// heuristic is only the fallback for paths the table does not have.

// routePattern is one route split into segments; "" marks a placeholder.
type routePattern struct {
	route    Route
	segs     []string // literal segments; "" where the template has a placeholder
	names    []string // placeholder names, by segment ("" for literals)
	literals int
}

// routeIndex groups the table's routes by method and segment count, most
// literal segments first, so the first match is the most specific.
type routeShape struct {
	method string
	segs   int
}

var routeIndex = sync.OnceValue(func() map[routeShape][]routePattern {
	idx := map[routeShape][]routePattern{}
	for _, r := range Routes {
		segs := strings.Split(strings.TrimPrefix(r.Path, "/"), "/")
		p := routePattern{route: r, segs: make([]string, len(segs)), names: make([]string, len(segs))}
		for i, s := range segs {
			if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
				p.names[i] = s[1 : len(s)-1]
				continue
			}
			p.segs[i] = s
			p.literals++
		}
		k := routeShape{r.Method, len(segs)}
		idx[k] = append(idx[k], p)
	}
	for _, ps := range idx {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].literals > ps[j].literals })
	}
	return idx
})

// matchRoute finds the table route of method and the (escaped) path
// segments, and the unescaped values of its placeholders.
func matchRoute(method string, segs []string) (compiled, bool) {
	for _, p := range routeIndex()[routeShape{method, len(segs)}] {
		var params []string
		ok := true
		for i, s := range segs {
			if p.names[i] == "" {
				if s != p.segs[i] {
					ok = false
					break
				}
				continue
			}
			v, err := url.PathUnescape(s)
			if err != nil || v == "" {
				ok = false
				break
			}
			// An interaction token and a webhook token share a path shape:
			// the token itself tells them apart.
			switch p.names[i] {
			case "interaction_token":
				ok = strings.HasPrefix(v, interactionTokenPrefix)
			case "webhook_token":
				ok = !strings.HasPrefix(v, interactionTokenPrefix)
			}
			if !ok {
				break
			}
			params = append(params, v)
		}
		if !ok {
			continue
		}
		c, err := p.route.compile(params)
		if err != nil {
			continue // e.g. a zero id: not this route's request
		}
		return c, true
	}
	return compiled{}, false
}
