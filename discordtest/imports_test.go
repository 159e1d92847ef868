package discordtest

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fake must not share the client's bugs: it may import only the
// standard library, discord, internal packages, the websocket library,
// klauspost/compress and the JSON engine (DESIGN.md).
func TestImportsStayIndependent(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	allowed := []string{"github.com/scurrygo/scurry/discord", "github.com/scurrygo/scurry/internal/",
		"github.com/coder/websocket", "github.com/klauspost/compress/", "github.com/go-json-experiment/json"}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !strings.Contains(strings.Split(path, "/")[0], ".") {
				continue // standard library
			}
			ok := false
			for _, a := range allowed {
				ok = ok || path == a || strings.HasPrefix(path, a)
			}
			if !ok {
				t.Errorf("%s imports %s", name, path)
			}
		}
	}
}
