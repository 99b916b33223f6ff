// Package e2e renders every example with the real Crossplane CLI and the
// function running as a local process, compares the output with golden
// files, and validates every composed resource with crossplane beta validate
// against the real provider-aws and Crossplane CRDs.
//
// The first run builds the Crossplane CLI from the module proxy into .cache/
// (a few minutes); later runs reuse it. Rewrite golden files with
//
//	go test ./test/e2e -update
package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

var update = flag.Bool("update", false, "rewrite the golden files and the examples' observed state")

// What every test of the package shares: built once in TestMain.
var (
	root      string
	cli       string
	fnBin     string
	fn        *xpcli.Function
	validator *xpcli.Validator
	scratch   string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code, err := setUp(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		code = 1
	}
	os.Exit(code)
}

func setUp(m *testing.M) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	var err error
	if root, err = xpcli.RepoRoot(); err != nil {
		return 1, err
	}
	if scratch, err = os.MkdirTemp("", "function-pod-identity-e2e-"); err != nil {
		return 1, err
	}
	defer func() { _ = os.RemoveAll(scratch) }()

	if cli, err = xpcli.CrossplaneCLI(ctx, os.Stderr); err != nil {
		return 1, err
	}
	if fnBin, err = xpcli.BuildFunction(ctx); err != nil {
		return 1, err
	}
	if fn, err = xpcli.StartFunction(ctx, fnBin, os.Stderr); err != nil {
		return 1, err
	}
	defer fn.Stop()
	if validator, err = xpcli.NewValidator(ctx, cli, filepath.Join(root, "example", "definition.yaml"), filepath.Join(scratch, "validate")); err != nil {
		return 1, err
	}
	return m.Run(), nil
}
