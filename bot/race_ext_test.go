//go:build race

package bot_test

// raceEnabled scales the soak down under the race detector.
const raceEnabled = true
