//go:build race

package main

// raceEnabled tells tests whether the race detector is on.
const raceEnabled = true
