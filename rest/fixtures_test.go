package rest_test

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/scurrygo/scurry/rest"
)

// restFixturesDir holds the REST error bodies captured by other libraries
// (shared/fixtures/disgo, Discord's 50035 "Invalid Form Body" shape). It is
// not part of the repository; the test skips when it is absent.
const restFixturesDir = "../../shared/fixtures/disgo"

// TestErrorFixtures sends every rest_*_error.json as a 400 reply through a
// real Client call and checks the *rest.Error it returns: code and message
// as in the body, errors.Is(ErrInvalidFormBody), and field errors flattened
// without loss: rebuilding the nested "errors" tree from the dotted paths
// gives back the input tree. The expected leaves are spelled out per file so
// that a flattening bug (order, path, code) fails even if the rebuild agrees.
func TestErrorFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(restFixturesDir, "rest_*_error.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("fixtures not present under %s", restFixturesDir)
	}
	want := map[string][]rest.FieldError{
		"rest_array_error.json": {
			{Path: "activities.0.platform", Code: "BASE_TYPE_CHOICES", Message: "Value must be one of ('desktop', 'android', 'ios')."},
			{Path: "activities.0.type", Code: "BASE_TYPE_CHOICES", Message: "Value must be one of (0, 1, 2, 3, 4, 5)."},
		},
		"rest_object_error.json": {
			{Path: "access_token", Code: "BASE_TYPE_REQUIRED", Message: "This field is required"},
		},
		"rest_other_error.json": {
			{Path: "data.components", Code: "BASE_TYPE_MAX_LENGTH", Message: "Must be 5 or fewer in length."},
		},
		"rest_request_error.json": {
			{Path: "", Code: "APPLICATION_COMMAND_TOO_LARGE", Message: "Command exceeds maximum size (8000)"},
		},
	}
	pass := 0
	for _, p := range files {
		name := filepath.Base(p)
		ok := t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			c, _ := newClient(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				w.Write(body)
			}, nil)
			_, err = c.GetUser(t.Context(), 80351110224678912)
			var e *rest.Error
			if !errors.As(err, &e) {
				t.Fatalf("GetUser error = %v, want a *rest.Error", err)
			}
			var in struct {
				Code    int    `json:"code"`
				Message string `json:"message"`
				Errors  any    `json:"errors"`
			}
			if err := json.Unmarshal(body, &in); err != nil {
				t.Fatal(err)
			}
			if e.Status != http.StatusBadRequest || e.Code != in.Code || e.Message != in.Message {
				t.Errorf("status, code, message = %d, %d, %q; want 400, %d, %q", e.Status, e.Code, e.Message, in.Code, in.Message)
			}
			if !errors.Is(err, rest.ErrInvalidFormBody) {
				t.Errorf("errors.Is(%v, ErrInvalidFormBody) = false", err)
			}
			if w, ok := want[name]; !ok {
				t.Errorf("no expected field errors written down for %s; got %v", name, e.Errors)
			} else if !reflect.DeepEqual(e.Errors, w) {
				t.Errorf("field errors:\n got %q\nwant %q", e.Errors, w)
			}
			if got := rebuildErrorTree(e.Errors); !reflect.DeepEqual(got, in.Errors) {
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(in.Errors)
				t.Errorf("errors tree rebuilt from field errors differs:\n got %s\nwant %s", gb, wb)
			}
			for _, f := range e.Errors {
				if !strings.Contains(e.Error(), f.String()) {
					t.Errorf("Error() = %q does not mention %q", e.Error(), f.String())
				}
			}
		})
		if ok {
			pass++
		}
	}
	t.Logf("REST error fixtures: %d of %d decode without loss", pass, len(files))
}

// rebuildErrorTree turns flattened field errors back into Discord's nested
// {"path":{"to":{"_errors":[{code,message}]}}} tree, with the types a JSON
// decode into any produces.
func rebuildErrorTree(fs []rest.FieldError) any {
	root := map[string]any{}
	for _, f := range fs {
		node := root
		if f.Path != "" {
			for _, k := range strings.Split(f.Path, ".") {
				next, ok := node[k].(map[string]any)
				if !ok {
					next = map[string]any{}
					node[k] = next
				}
				node = next
			}
		}
		leaves, _ := node["_errors"].([]any)
		node["_errors"] = append(leaves, map[string]any{"code": f.Code, "message": f.Message})
	}
	return root
}
