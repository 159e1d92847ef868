package ratelimit

import "context"

// Unlimited is a Limiter that never waits: for a client whose requests go
// through a REST proxy that does the limiting for the token (scurry proxy), or
// for tests that want raw behaviour. It fails only when ctx has ended. It does
// not pass ratelimittest.Run, by design.
type Unlimited struct{}

// Acquire returns at once.
func (Unlimited) Acquire(ctx context.Context, _ RouteKey) (Permit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return unlimitedPermit{}, nil
}

type unlimitedPermit struct{}

func (unlimitedPermit) Done(Headers) {}
func (unlimitedPermit) Cancel()      {}
