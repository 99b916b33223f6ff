// Package e2e renders every example with the real Crossplane CLI and the
// function running as a local process, compares what the function decided
// with golden files, and validates every composed resource with the CLI
// against the real provider-aws and Crossplane CRDs.
//
// The tests run crank v2.2.1, which the first run builds from the module
// proxy into .cache/ (a few minutes); later runs reuse it. Rewrite golden
// files with
//
//	go test ./test/e2e -update
//
// TestGivenCLI repeats the renders and validations with a newer CLI when one
// is given:
//
//	go test ./test/e2e -crossplane=PATH [-crossplane-binary=ENGINE]
//
// or $CROSSPLANE_CLI [and $CROSSPLANE_RENDER_ENGINE], or crossplane/cli on
// PATH as crossplane. Without an engine it builds Crossplane (the one the
// integration test runs) into .cache/ once.
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

var (
	update      = flag.Bool("update", false, "rewrite the golden files, the examples' observed state and example/install")
	givenPath   = flag.String("crossplane", "", "a newer Crossplane CLI for TestGivenCLI (default: $"+xpcli.CLIEnv+", else crossplane/cli on PATH)")
	givenEngine = flag.String("crossplane-binary", "", "the Crossplane binary it renders with (default: $"+xpcli.EngineEnv+", else one built into .cache/)")
)

// What every test of the package shares: built once in TestMain.
var (
	root      string
	cli       *xpcli.CLI // crank, which every test but TestGivenCLI runs
	fnBin     string
	fn        *xpcli.Function
	validator *xpcli.Validator
	scratch   string
	given     *xpcli.CLI // a newer CLI, for TestGivenCLI; nil if none was given
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

	if cli, err = xpcli.BuildCrank(ctx, os.Stderr); err != nil {
		return 1, err
	}
	if given, err = givenCLI(ctx); err != nil {
		return 1, err
	}
	if fnBin, err = xpcli.BuildFunction(ctx); err != nil {
		return 1, err
	}
	if fn, err = xpcli.StartFunction(ctx, fnBin, os.Stderr); err != nil {
		return 1, err
	}
	defer fn.Stop()
	if validator, err = xpcli.NewValidator(ctx, cli, filepath.Join(scratch, "validate"), definitions()...); err != nil {
		return 1, err
	}
	return m.Run(), nil
}

// givenCLI is the newer CLI TestGivenCLI runs, with its render engine, or
// nil. It runs without the user's CLI configuration, which can change
// every command's behaviour or break it.
func givenCLI(ctx context.Context) (*xpcli.CLI, error) {
	c, err := xpcli.GivenCLI(ctx, *givenPath, *givenEngine)
	if err != nil || c == nil {
		return nil, err
	}
	c.Env = append(os.Environ(), "CROSSPLANE_CONFIG="+filepath.Join(scratch, "no-crossplane-config.yaml"))
	if c.Current && c.Engine == "" {
		if c.Engine, err = xpcli.BuildEngine(ctx, os.Stderr); err != nil {
			return nil, err
		}
	}
	fmt.Fprintln(os.Stderr, "e2e: TestGivenCLI renders with", c)
	return c, nil
}
