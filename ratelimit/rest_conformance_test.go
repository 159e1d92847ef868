package ratelimit_test

import (
	"testing"

	"github.com/scurrygo/scurry/ratelimit"
	"github.com/scurrygo/scurry/ratelimit/ratelimittest"
)

func TestRESTLimiterConformance(t *testing.T) {
	ratelimittest.Run(t, func(t *testing.T) ratelimit.Limiter { return &ratelimit.RESTLimiter{} })
}

func TestRESTLimiterConformanceConstructed(t *testing.T) {
	ratelimittest.Run(t, func(t *testing.T) ratelimit.Limiter {
		l, err := ratelimit.NewRESTLimiter(nil)
		if err != nil {
			t.Fatal(err)
		}
		return l
	})
}
