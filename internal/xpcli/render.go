package xpcli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// A Render is one crossplane render of an example XR.
type Render struct {
	XR          string
	Composition string
	Functions   string
	XRD         string
	// Observed, if set, is a file of observed composed resources (-o).
	Observed string
	// IncludeFullXR adds the XR's spec to the output (-x), so that the XR
	// too can be validated against its XRD.
	IncludeFullXR bool
	// IncludeResults adds the function's Normal and Warning results (-r);
	// the current CLI adds Crossplane's own events too.
	IncludeResults bool
}

// ForExample fills in the Composition, functions and XRD of an example XR:
// the nearest composition.yaml, functions.yaml and definition.yaml in its
// folder or the folders above it, up to the repository.
func ForExample(xr string) (Render, error) {
	r := Render{XR: xr}
	for _, f := range []struct {
		name string
		into *string
	}{{"composition.yaml", &r.Composition}, {"functions.yaml", &r.Functions}, {"definition.yaml", &r.XRD}} {
		path, err := nearest(filepath.Dir(xr), f.name)
		if err != nil {
			return r, err
		}
		*f.into = path
	}
	return r, nil
}

func nearest(dir, name string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
		if dir == root || filepath.Dir(dir) == dir {
			return "", fmt.Errorf("no %s beside %s or above it", name, dir)
		}
		dir = filepath.Dir(dir)
	}
}

// Args are the crossplane render arguments for cli, with every function
// pointed at fn. Both CLIs read the development target annotation the same
// way (cmd/crank/render/runtime_development.go in crossplane v2.2.1,
// cmd/crossplane/render/runtime_development.go in crossplane/cli v2.4.1);
// `render` is the current CLI's alias of `composition render`.
func (r Render) Args(cli *CLI, fn *Function) []string {
	args := []string{"render", r.XR, r.Composition, r.Functions,
		"--function-annotations=render.crossplane.io/runtime-development-target=" + fn.Addr}
	if cli.Current && cli.Engine != "" {
		args = append(args, "--crossplane-binary="+cli.Engine)
	}
	if r.XRD != "" {
		args = append(args, "--xrd="+r.XRD)
	}
	if r.Observed != "" {
		args = append(args, "--observed-resources="+r.Observed)
	}
	if r.IncludeFullXR {
		args = append(args, "--include-full-xr")
	}
	if r.IncludeResults {
		args = append(args, "--include-function-results")
	}
	return args
}

// Run renders with cli and returns what it printed. A Fatal result from the
// function is an error.
func (r Render) Run(ctx context.Context, cli *CLI, fn *Function) ([]byte, error) {
	cmd := cli.Command(ctx, r.Args(cli, fn)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return stdout.Bytes(), fmt.Errorf("crossplane render %s: %w: %s", r.XR, err, bytes.TrimSpace(stderr.Bytes()))
		}
		return nil, err
	}
	return stdout.Bytes(), nil
}
