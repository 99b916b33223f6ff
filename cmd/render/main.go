// Command render renders an example XR end to end with the real Crossplane
// CLI: it builds the function, starts it, runs crossplane render, stops the
// function, and exits non-zero when the function returns a Fatal result.
//
//	go run ./cmd/render example/xr.yaml
//	go run ./cmd/render -o example/observed/xr.yaml example/xr.yaml
//	go run ./cmd/render -crossplane-binary ~/bin/crossplane-engine example/xr.yaml
//
// The CLI is the one -crossplane or $CROSSPLANE_CLI names, else the current
// CLI (crossplane/cli) if it is on PATH as crossplane, else crank v2.2.1,
// built once from the Go module proxy. The current CLI renders in a
// Crossplane image with Docker unless -crossplane-binary or
// $CROSSPLANE_RENDER_ENGINE names a Crossplane binary.
//
// The Composition, functions.yaml and XRD are the nearest composition.yaml,
// functions.yaml and definition.yaml beside the XR or above it, unless given.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "render:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		observed    = flag.String("o", "", "a YAML file of observed composed resources, to render a later reconcile")
		composition = flag.String("composition", "", "the Composition (default: the nearest composition.yaml)")
		fullXR      = flag.Bool("x", false, "include the XR's spec in the output")
		results     = flag.Bool("r", false, "include the function's Normal and Warning results in the output")
		crossplane  = flag.String("crossplane", "", "the Crossplane CLI (default: $"+xpcli.CLIEnv+", else crossplane/cli on PATH, else crank "+xpcli.CrossplaneVersion+", built)")
		engine      = flag.String("crossplane-binary", "", "the Crossplane binary crossplane/cli renders with instead of Docker (default: $"+xpcli.EngineEnv+")")
	)
	flag.Usage = func() {
		_, _ = fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./cmd/render [-o observed.yaml] [-x] [-r] [-composition FILE] [-crossplane CLI] [-crossplane-binary ENGINE] XR.yaml")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	r, err := xpcli.ForExample(flag.Arg(0))
	if err != nil {
		return err
	}
	if *composition != "" {
		r.Composition = *composition
	}
	r.Observed, r.IncludeFullXR, r.IncludeResults = *observed, *fullXR, *results

	cli, err := xpcli.GivenCLI(ctx, *crossplane, *engine)
	switch {
	case err != nil:
		return err
	case cli == nil && (*engine != "" || os.Getenv(xpcli.EngineEnv) != ""):
		return fmt.Errorf("a render engine is for crossplane/cli, and none was given (-crossplane, $%s) or found on PATH", xpcli.CLIEnv)
	case cli == nil:
		if cli, err = xpcli.BuildCrank(ctx, os.Stderr); err != nil {
			return err
		}
	}
	fmt.Fprintln(os.Stderr, "render: rendering with", cli)
	bin, err := xpcli.BuildFunction(ctx)
	if err != nil {
		return err
	}
	fn, err := xpcli.StartFunction(ctx, bin, os.Stderr)
	if err != nil {
		return err
	}
	defer fn.Stop()

	cmd := cli.Command(ctx, r.Args(cli, fn)...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
