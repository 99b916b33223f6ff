package e2e

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// TestGivenCLI repeats TestExamples' renders and validations with a newer
// Crossplane CLI, when one is given (see the package comment). What the
// function decides must be what the golden files hold, from crank; the
// steady state is rendered from the checked-in observed files as they are,
// which the current CLI's engine refuses unless their owner references
// carry the XR's uid; the renders and example/install must pass the CLI's
// own validate command.
func TestGivenCLI(t *testing.T) {
	if given == nil {
		t.Skip("no newer Crossplane CLI given: -crossplane, $" + xpcli.CLIEnv + ", or crossplane/cli on PATH")
	}
	if *update {
		t.Skip("-update writes the golden files from crank's renders")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	v, err := xpcli.NewValidator(ctx, given, t.TempDir(), definitions()...)
	if err != nil {
		t.Fatal(err)
	}
	for _, xr := range examples(t) {
		id := exampleID(xr)
		t.Run(id, func(t *testing.T) {
			r, err := xpcli.ForExample(xr)
			if err != nil {
				t.Fatal(err)
			}
			r.IncludeFullXR, r.IncludeResults = true, true

			raw, first := render(t, given, r)
			compareGolden(t, filepath.Join(root, "test", "e2e", "testdata", id+".yaml"), first)
			validate(t, v, id, raw)

			r.Observed = observedPath(xr)
			raw, steady := render(t, given, r)
			compareGolden(t, filepath.Join(root, "test", "e2e", "testdata", id+"-steady.yaml"), steady)
			validate(t, v, id+"-steady", raw)
		})
	}
	t.Run("install", func(t *testing.T) { validateInstall(t, v) })
}
