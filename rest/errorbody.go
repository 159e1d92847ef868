package rest

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// errorBody is Discord's JSON error reply (and the 429 body).
type errorBody struct {
	Code       int            `json:"code"`
	Message    string         `json:"message"`
	Errors     jsontext.Value `json:"errors"`
	RetryAfter float64        `json:"retry_after"`
	Global     bool           `json:"global"`
	JSON       bool           `json:"-"` // the body was JSON
}

// parseErrorBody builds an *Error from a reply. body may be anything; a
// non-JSON body (a Cloudflare page) gives the HTTP status text and a zero
// errorBody with JSON false.
func parseErrorBody(status int, method, route string, body []byte) (*Error, errorBody) {
	e := &Error{Status: status, Method: method, Route: route}
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err != nil {
		e.Message = http.StatusText(status)
		if len(bytes.TrimSpace(body)) > 0 {
			e.Message += " (reply was not JSON)"
		}
		return e, errorBody{}
	}
	eb.JSON = true
	e.Code, e.Message = eb.Code, eb.Message
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if len(eb.Errors) > 0 {
		e.Errors = flattenErrors(eb.Errors)
	}
	return e, eb
}

// flattenErrors walks Discord's nested errors tree in document order and
// returns its leaves with their dotted paths.
func flattenErrors(v jsontext.Value) []FieldError {
	var out []FieldError
	dec := jsontext.NewDecoder(bytes.NewReader(v))
	if err := walkErrors(dec, nil, &out, 0); err != nil && len(out) == 0 {
		out = append(out, FieldError{Code: "UNPARSED", Message: string(v)})
	}
	return out
}

func walkErrors(dec *jsontext.Decoder, path []string, out *[]FieldError, depth int) error {
	if depth > 32 {
		return dec.SkipValue()
	}
	if dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	if _, err := dec.ReadToken(); err != nil {
		return err
	}
	for dec.PeekKind() != '}' {
		tok, err := dec.ReadToken()
		if err != nil {
			return err
		}
		key := tok.String()
		if key == "_errors" {
			var leaves []struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			}
			if err := json.UnmarshalDecode(dec, &leaves); err != nil {
				return err
			}
			p := strings.Join(path, ".")
			for _, l := range leaves {
				*out = append(*out, FieldError{Path: p, Code: l.Code, Message: l.Message})
			}
			continue
		}
		if err := walkErrors(dec, append(path, key), out, depth+1); err != nil {
			return err
		}
	}
	_, err := dec.ReadToken()
	return err
}
