package rest

import (
	"context"
	"iter"
	"net/url"
	"reflect"
	"strings"

	"github.com/scurrygo/scurry/discord"
)

// Operation is one operation of Discord's OpenAPI spec and the typed method
// that calls it. The generated table Operations lists all of them.
type Operation struct {
	ID             string // the spec's operationId, e.g. "create_dm"
	Method         string // the *Client method, e.g. "CreateDM"
	Resource       string // the group in doc.go and the file it lives in, e.g. "users"
	Route          Route
	Multipart      bool // accepts files (multipart/form-data)
	AuditLogReason bool // takes an audit-log reason
}

// opCall is what a generated method hands to call: the operation, its
// arguments and the checks to run before anything is sent.
type opCall struct {
	op           string // operationId, for errors and the check table
	route        Route
	params       []string
	query        func(op string) (url.Values, error)
	body         any
	bodyNeeded   bool
	check        func(op string) error // the spec's limits on the body
	form         map[string]string     // plain multipart fields (form-only operations)
	formRequired []string
	files        []File
	reason       string
	result       any
}

// call runs the client-side checks (required body, the spec's limits, the
// hand-written checks of inputChecks, query limits, multipart fields) and
// sends the request through Do.
func (c *Client) call(ctx context.Context, cl *opCall) error {
	op := cl.op
	if cl.body != nil {
		if v := reflect.ValueOf(cl.body); (v.Kind() == reflect.Pointer || v.Kind() == reflect.Map || v.Kind() == reflect.Slice) && v.IsNil() {
			cl.body = nil
		}
	}
	if cl.body == nil && cl.bodyNeeded {
		return inputErr(op, "body", "is required")
	}
	if cl.body != nil && cl.check != nil {
		if err := cl.check(op); err != nil {
			return err
		}
	}
	if cl.body != nil {
		if err := checkInput(op, op, cl.body); err != nil {
			return err
		}
	}
	req := &Request{Route: cl.route, Params: cl.params, Body: cl.body, Files: cl.files,
		Reason: cl.reason, Result: cl.result, Form: cl.form}
	if cl.query != nil {
		q, err := cl.query(op)
		if err != nil {
			return err
		}
		req.Query = q
	}
	for _, f := range cl.formRequired {
		if cl.form[f] == "" {
			return inputErr(op, f, "is required")
		}
	}
	return c.Do(ctx, req)
}

// idParam renders a snowflake path parameter; a zero id becomes "", which
// Do rejects with an *InputError naming the parameter.
func idParam(id discord.Snowflake) string {
	if id == 0 {
		return ""
	}
	return id.String()
}

// checkRunes enforces a length in characters; max 0 means no upper limit.
func checkRunes(op, field, s string, min, max int) error {
	n := runes(s)
	if max > 0 && n > max {
		return inputErr(op, field, "is %d characters, the limit is %d", n, max)
	}
	if n < min {
		return inputErr(op, field, "is %d characters, at least %d are required", n, min)
	}
	return nil
}

// checkItems enforces a number of list items; max 0 means no upper limit.
func checkItems(op, field string, n, min, max int) error {
	if max > 0 && n > max {
		return inputErr(op, field, "has %d items, the limit is %d", n, max)
	}
	if n < min {
		return inputErr(op, field, "has %d items, at least %d are required", n, min)
	}
	return nil
}

// checkRange enforces a numeric range.
func checkRange(op, field string, v, min, max float64) error {
	if v < min || v > max {
		return inputErr(op, field, "%v is outside %v..%v", v, min, max)
	}
	return nil
}

// checkUnionBody accepts body when it is one of the allowed types, or a
// non-nil pointer to one.
func checkUnionBody(op string, body any, allowed ...any) error {
	if body == nil {
		return inputErr(op, "body", "is required")
	}
	t := reflect.TypeOf(body)
	if t.Kind() == reflect.Pointer {
		if reflect.ValueOf(body).IsNil() {
			return inputErr(op, "body", "is a nil %T", body)
		}
		t = t.Elem()
	}
	var names []string
	for _, a := range allowed {
		if reflect.TypeOf(a) == t {
			return nil
		}
		names = append(names, reflect.TypeOf(a).String())
	}
	return inputErr(op, "body", "is a %T; want one of %s", body, strings.Join(names, ", "))
}

// paginate follows a before/after cursor: fetch returns one page after (or
// before) cursor, where cursor 0 means "from the start" (the oldest item for
// after, the newest for before) and sends no cursor. The next cursor is the
// largest (after) or smallest (before) key of the page. It stops after a page
// shorter than size, a page that does not move the cursor, the first error
// (yielded last), or when the consumer stops; ctx is checked before each page.
// An item at or beyond the cursor (a server repeating itself) is skipped, so
// nothing is yielded twice.
func paginate[T any](ctx context.Context, dir string, start discord.Snowflake, size int,
	fetch func(context.Context, discord.Snowflake) ([]T, error), key func(T) discord.Snowflake) iter.Seq2[T, error] {
	after := dir == "after"
	return func(yield func(T, error) bool) {
		var zero T
		cursor := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			page, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			next, moved := cursor, false
			for _, v := range page {
				k := key(v)
				if cursor != 0 && (after && k <= cursor || !after && k >= cursor) {
					continue
				}
				if !yield(v, nil) {
					return
				}
				if !moved || after && k > next || !after && k < next {
					next, moved = k, true
				}
			}
			if len(page) < size || !moved {
				return
			}
			cursor = next
		}
	}
}
