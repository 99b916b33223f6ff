// Command xpkg builds the project's Crossplane packages without Docker:
//
//   - the Function package of each architecture: a static binary in an OCI
//     image on an empty base (the Dockerfile's entrypoint, nonroot user and
//     port), embedded with the package metadata of package/;
//   - the Configuration package: the metadata of configuration/ with the XRD
//     and the Compositions made from example/ (xpcli.APIFiles).
//
// Both are built by crossplane xpkg build of crank v2.2.1, built once from
// the Go module proxy.
//
//	go run ./cmd/xpkg                       # dist/function-pod-identity-{amd64,arm64}.xpkg, dist/configuration-pod-identity.xpkg
//	go run ./cmd/xpkg -arch amd64 -o /tmp   # one architecture, elsewhere
//
// Push the results with
//
//	crossplane xpkg push -f dist/function-pod-identity-amd64.xpkg,dist/function-pod-identity-arm64.xpkg REGISTRY/function-pod-identity:TAG
//	crossplane xpkg push -f dist/configuration-pod-identity.xpkg REGISTRY/configuration-pod-identity:TAG
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

func main() {
	arches := flag.String("arch", "amd64,arm64", "architectures, comma-separated")
	out := flag.String("o", "dist", "folder for the .xpkg files")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, strings.Split(*arches, ","), *out)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "xpkg:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, arches []string, out string) error {
	if err := os.MkdirAll(out, 0o750); err != nil {
		return err
	}
	cli, err := xpcli.BuildCrank(ctx, os.Stderr)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "function-pod-identity-xpkg-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(work) }()
	for _, arch := range arches {
		img, err := xpcli.BuildRuntimeImage(ctx, arch, work)
		if err != nil {
			return err
		}
		pkg, err := xpcli.BuildPackage(ctx, cli, img, out, arch)
		if err != nil {
			return err
		}
		fmt.Println(pkg)
	}
	pkg, err := xpcli.BuildConfiguration(ctx, cli, out)
	if err != nil {
		return err
	}
	fmt.Println(pkg)
	return nil
}
