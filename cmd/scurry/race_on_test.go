//go:build race

package main

// raceEnabled scales multi-process tests down under the race detector, whose
// children run several times slower.
const raceEnabled = true
