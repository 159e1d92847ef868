package discordtest

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// upload is one files[n] part of a multipart request.
type upload struct {
	Index       int
	Name        string // the form name, "files[n]"
	Filename    string
	ContentType string
	Size        int
}

var filePartName = regexp.MustCompile(`^files\[(\d+)\]$`)

// maxFiles is the attachment limit per message (error 30015 past it).
const maxFiles = 10

// decode reads the JSON body (or a multipart payload_json) into v. On any
// problem it answers as Discord does and returns false: 413/40005 for an
// oversized body, 50035 for a bad Content-Type, 50109 for invalid JSON.
func (q *restReq) decode(v any) bool {
	raw, ok := q.body()
	if !ok {
		return false
	}
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var se *json.SemanticError
		if errors.As(err, &se) {
			var fe fieldErrors
			path := string(se.JSONPointer)
			fe.add(pointerToPath(path), "BASE_TYPE_BAD", "Invalid value: "+trimErr(err))
			q.error(http.StatusBadRequest, 50035, fe)
			return false
		}
		q.error(http.StatusBadRequest, 50109, nil)
		return false
	}
	return true
}

func pointerToPath(p string) string {
	b := []byte{}
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '/' && i == 0:
		case p[i] == '/':
			b = append(b, '.')
		default:
			b = append(b, p[i])
		}
	}
	return string(b)
}

// body returns the raw JSON body: the request body for application/json, the
// payload_json part (or the plain fields) for multipart/form-data.
func (q *restReq) body() ([]byte, bool) {
	ct := q.r.Header.Get("Content-Type")
	if q.r.ContentLength == 0 && ct == "" {
		return nil, true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = ""
	}
	switch mt {
	case "application/json":
		b, err := io.ReadAll(q.r.Body)
		if err != nil {
			return nil, q.bodyReadError(err)
		}
		return b, true
	case "multipart/form-data":
		return q.multipart()
	}
	var fe fieldErrors
	fe.add("", "CONTENT_TYPE_INVALID", `Expected "Content-Type" header to be one of {'application/json', 'multipart/form-data'}.`)
	q.error(http.StatusBadRequest, 50035, fe)
	return nil, false
}

func (q *restReq) bodyReadError(err error) bool {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		q.error(http.StatusRequestEntityTooLarge, 40005, nil)
		return false
	}
	q.error(http.StatusBadRequest, 50109, nil)
	return false
}

// multipart reads payload_json, plain fields and files[n] parts, checking
// that file parts have unique names and filenames and that there are at most
// ten.
func (q *restReq) multipart() ([]byte, bool) {
	mr, err := q.r.MultipartReader()
	if err != nil {
		var fe fieldErrors
		fe.add("", "CONTENT_TYPE_INVALID", "Malformed multipart body: "+trimErr(err))
		q.error(http.StatusBadRequest, 50035, fe)
		return nil, false
	}
	var payload []byte
	fields := map[string]string{}
	seen := map[string]bool{}
	var fe fieldErrors
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, q.bodyReadError(err)
		}
		name := p.FormName()
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, q.bodyReadError(err)
		}
		switch m := filePartName.FindStringSubmatch(name); {
		case name == "payload_json":
			payload = data
		case m != nil:
			idx, _ := strconv.Atoi(m[1])
			if seen[name] {
				fe.add(name, "DUPLICATE_FILE_NAME", "Duplicate form name "+name+".")
			}
			seen[name] = true
			if p.FileName() == "" {
				fe.add(name, "BASE_TYPE_REQUIRED", "File parts need a filename.")
			}
			q.files = append(q.files, upload{Index: idx, Name: name, Filename: p.FileName(),
				ContentType: p.Header.Get("Content-Type"), Size: len(data)})
		case p.FileName() != "":
			fe.add(name, "UNKNOWN_FILE_PART", "File parts must be named files[n].")
		default:
			fields[name] = string(data)
		}
	}
	if len(fe) > 0 {
		q.error(http.StatusBadRequest, 50035, fe)
		return nil, false
	}
	if len(q.files) > maxFiles {
		q.error(http.StatusBadRequest, 30015, nil)
		return nil, false
	}
	if payload != nil {
		if !jsontext.Value(payload).IsValid() {
			q.error(http.StatusBadRequest, 50109, nil)
			return nil, false
		}
		return payload, true
	}
	if len(fields) == 0 {
		return nil, true
	}
	b, _ := json.Marshal(fields)
	return b, true
}
