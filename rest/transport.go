package rest

import (
	"net/http"
	"sync"
)

// DefaultIdleConnsPerHost is how many idle connections per host the default
// HTTP client keeps: above Discord's global limit of 50 requests per second,
// so that a full second's burst reuses its connections.
const DefaultIdleConnsPerHost = 64

// defaultHTTPClient is the Doer of every Client built without one: a clone of
// http.DefaultTransport (proxy from the environment, HTTP/2 attempted, its
// timeouts) keeping DefaultIdleConnsPerHost idle connections per host. One
// client per process, as with http.DefaultClient, so Clients share their
// connections. If a program replaced http.DefaultTransport with another
// RoundTripper, that one is used as it is.
var defaultHTTPClient = sync.OnceValue(func() *http.Client {
	t, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return &http.Client{Transport: http.DefaultTransport}
	}
	t = t.Clone()
	t.MaxIdleConnsPerHost = DefaultIdleConnsPerHost
	return &http.Client{Transport: t}
})
