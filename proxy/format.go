package proxy

import (
	"errors"
	"net/url"
	"strconv"
)

func formatSeconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }

func itoa(n int) string { return strconv.Itoa(n) }

// scrub returns a transport error's text without the URL, which may hold a
// webhook or interaction token.
func scrub(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Op + ": " + ue.Err.Error()
	}
	return err.Error()
}
