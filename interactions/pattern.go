package interactions

import (
	"fmt"
	"strings"
)

// pattern is a compiled custom_id pattern such as "vote:{poll}:{option}":
// literal text and {name} placeholders. A placeholder matches one or more
// characters up to the first occurrence of the literal text that follows it;
// a final placeholder matches the rest of the custom_id.
type pattern struct {
	src   string
	parts []patternPart
}

type patternPart struct {
	literal string // set for literal text
	name    string // set for a placeholder
}

func compilePattern(src string) (pattern, error) {
	if src == "" {
		return pattern{}, fmt.Errorf("interactions: empty custom_id pattern")
	}
	if len(src) > 100 {
		return pattern{}, fmt.Errorf("interactions: custom_id pattern %q is longer than 100 characters", src)
	}
	p := pattern{src: src}
	seen := map[string]bool{}
	rest := src
	for rest != "" {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			if strings.IndexByte(rest, '}') >= 0 {
				return pattern{}, fmt.Errorf("interactions: pattern %q: unmatched }", src)
			}
			p.parts = append(p.parts, patternPart{literal: rest})
			break
		}
		if open > 0 {
			if strings.IndexByte(rest[:open], '}') >= 0 {
				return pattern{}, fmt.Errorf("interactions: pattern %q: unmatched }", src)
			}
			p.parts = append(p.parts, patternPart{literal: rest[:open]})
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			return pattern{}, fmt.Errorf("interactions: pattern %q: unclosed {", src)
		}
		name := rest[open+1 : open+end]
		if name == "" || strings.ContainsAny(name, "{") {
			return pattern{}, fmt.Errorf("interactions: pattern %q: bad placeholder name %q", src, name)
		}
		if seen[name] {
			return pattern{}, fmt.Errorf("interactions: pattern %q: placeholder {%s} appears twice", src, name)
		}
		seen[name] = true
		if n := len(p.parts); n > 0 && p.parts[n-1].name != "" {
			return pattern{}, fmt.Errorf("interactions: pattern %q: placeholders {%s} and {%s} need literal text between them",
				src, p.parts[n-1].name, name)
		}
		p.parts = append(p.parts, patternPart{name: name})
		rest = rest[open+end+1:]
	}
	return p, nil
}

func (p pattern) literal() bool { return len(p.parts) == 1 && p.parts[0].name == "" }

// match reports whether id matches and appends the placeholder values.
func (p pattern) match(id string, params []param) ([]param, bool) {
	for i, part := range p.parts {
		if part.name == "" {
			if !strings.HasPrefix(id, part.literal) {
				return nil, false
			}
			id = id[len(part.literal):]
			continue
		}
		var value string
		if i+1 == len(p.parts) {
			value, id = id, ""
		} else {
			next := p.parts[i+1].literal
			k := strings.Index(id, next)
			if k < 0 {
				return nil, false
			}
			value, id = id[:k], id[k:]
		}
		if value == "" {
			return nil, false
		}
		params = append(params, param{name: part.name, value: value})
	}
	if id != "" {
		return nil, false
	}
	return params, true
}
