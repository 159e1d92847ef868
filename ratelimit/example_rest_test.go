package ratelimit_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/scurrygo/scurry/ratelimit"
)

// ExampleRESTLimiter shows the Acquire/Done cycle an HTTP client runs around
// each request, and the fail-fast answer when a bucket resets after the
// caller's deadline.
func ExampleRESTLimiter() {
	var l ratelimit.RESTLimiter // the zero value uses Discord's defaults
	key := ratelimit.RouteKey{Route: "POST /channels/{channel_id}/messages", Major: "123"}

	p, err := l.Acquire(context.Background(), key)
	if err != nil {
		panic(err)
	}
	// ... send the request; then report what the reply said:
	p.Done(ratelimit.Headers{Status: 200, Bucket: "abcd", Limit: 5, Remaining: 0, ResetAfter: time.Minute})

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = l.Acquire(ctx, key)
	var we *ratelimit.WaitError
	fmt.Println(errors.As(err, &we), errors.Is(err, context.DeadlineExceeded), we.Wait > 59*time.Second)
	// Output: true true true
}
