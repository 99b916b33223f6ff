// Command render renders an example XR end to end with the real Crossplane
// CLI: it builds the CLI (once) and the function, starts the function,
// runs crossplane render, stops the function, and exits non-zero when the
// function returns a Fatal result.
//
//	go run ./cmd/render example/xr.yaml
//	go run ./cmd/render -o example/observed/xr.yaml example/xr.yaml
//
// The Composition, functions.yaml and XRD are the nearest composition.yaml,
// functions.yaml and definition.yaml beside the XR or above it, unless given.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
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
	)
	flag.Usage = func() {
		_, _ = fmt.Fprintln(flag.CommandLine.Output(), "usage: go run ./cmd/render [-o observed.yaml] [-x] [-r] [-composition FILE] XR.yaml")
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

	cli, err := xpcli.CrossplaneCLI(ctx, os.Stderr)
	if err != nil {
		return err
	}
	bin, err := xpcli.BuildFunction(ctx)
	if err != nil {
		return err
	}
	fn, err := xpcli.StartFunction(ctx, bin, os.Stderr)
	if err != nil {
		return err
	}
	defer fn.Stop()

	cmd := exec.CommandContext(ctx, cli, r.Args(fn)...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	return cmd.Run()
}
