package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestXRDIsCurrent fails when the checked-in XRD differs from what the types
// in spec/ make: run go generate ./... after changing them.
func TestXRDIsCurrent(t *testing.T) {
	root := filepath.Join("..", "..")
	want, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, Output)) //nolint:gosec // a file of the repository
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
		t.Errorf("%s is out of date: run go generate ./...", Output)
	}
}
