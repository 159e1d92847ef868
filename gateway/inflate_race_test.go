//go:build race

package gateway

// raceEnabled shortens the long stream tests: the race detector makes the
// compressors they run about ten times slower.
const raceEnabled = true
