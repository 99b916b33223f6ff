package input

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreCurrent regenerates the Input's CRD and deepcopy
// functions with the pinned controller-gen and fails if what is checked in
// differs: run go generate ./... after changing input/v1beta1.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	dir := t.TempDir()
	crd := exec.Command("go", "tool", "controller-gen", "paths=./v1beta1", "crd:crdVersions=v1", "output:crd:artifacts:config="+dir)
	if out, err := crd.CombinedOutput(); err != nil {
		t.Fatalf("controller-gen crd: %v\n%s", err, out)
	}
	generated, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(generated) == 0 {
		t.Fatalf("controller-gen wrote no CRD: %v", err)
	}
	for _, g := range generated {
		compare(t, g, filepath.Join("..", "package", "input", filepath.Base(g)))
	}

	deepcopy := exec.Command("go", "tool", "controller-gen", "paths=./v1beta1", "object", "output:object:stdout")
	var stdout, stderr bytes.Buffer
	deepcopy.Stdout, deepcopy.Stderr = &stdout, &stderr
	if err := deepcopy.Run(); err != nil {
		t.Fatalf("controller-gen object: %v\n%s", err, stderr.String())
	}
	want, err := os.ReadFile(filepath.Join("v1beta1", "zz_generated.deepcopy.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(bytes.TrimSpace(stdout.Bytes()), bytes.TrimSpace(want)) {
		t.Errorf("input/v1beta1/zz_generated.deepcopy.go is out of date: run go generate ./...")
	}
}

func compare(t *testing.T, generated, checkedIn string) {
	t.Helper()
	got, err := os.ReadFile(generated) //nolint:gosec // the test's own files
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(checkedIn) //nolint:gosec // the test's own files
	if err != nil {
		t.Fatalf("%v: run go generate ./...", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go generate ./...", checkedIn)
	}
}
