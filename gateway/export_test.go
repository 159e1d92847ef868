package gateway

// SetRand replaces the session's random source (jitter, backoff, op 9 wait)
// for tests that need exact times. Call before Run.
func SetRand(s *Session, f func() float64) { s.rnd = f }
