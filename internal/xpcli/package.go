package xpcli

import (
	"archive/tar"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// The runtime image's layout, as the Dockerfile builds it: the static binary
// at /function, run as distroless's nonroot user, serving gRPC on 9443.
const (
	RuntimeBinary = "/function"
	RuntimeUser   = "65532:65532"
	RuntimePort   = "9443/tcp"
)

// BuildRuntimeImage builds the function as a static linux/arch binary and
// puts it in an OCI image on an empty base, without Docker: the same
// entrypoint, user and port as the Dockerfile's image. It writes the image
// as a tarball into dir and returns its path.
func BuildRuntimeImage(ctx context.Context, arch, dir string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "function-"+arch)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags=-s -w", "-o", bin, ".")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+arch)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cannot build the function for linux/%s: %w: %s", arch, err, out)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		return "", err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return layerTar(b) })
	if err != nil {
		return "", err
	}
	img, err := mutate.AppendLayers(empty.Image, layer)
	if err != nil {
		return "", err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return "", err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture = "linux", arch
	cf.Config.Entrypoint = []string{RuntimeBinary}
	cf.Config.User = RuntimeUser
	cf.Config.ExposedPorts = map[string]struct{}{RuntimePort: {}}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return "", err
	}
	ref, err := name.NewTag("function-pod-identity-runtime:" + arch)
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "runtime-"+arch+".tar")
	return out, tarball.WriteToFile(out, ref, img)
}

// layerTar is a layer holding only the binary, owned by the nonroot user.
func layerTar(binary []byte) (io.ReadCloser, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	hdr := &tar.Header{
		Name: RuntimeBinary[1:], Mode: 0o755, Size: int64(len(binary)),
		Uid: 65532, Gid: 65532, ModTime: time.Unix(0, 0), Typeflag: tar.TypeReg,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(binary); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return io.NopCloser(&buf), nil
}

// BuildPackage runs crossplane xpkg build with the package metadata in
// package/ and the runtime image tarball embedded, and returns the .xpkg's
// path in dir.
func BuildPackage(ctx context.Context, cli *CLI, runtimeTarball, dir, arch string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	out := filepath.Join(dir, "function-pod-identity-"+arch+".xpkg")
	cmd := cli.Command(ctx, "xpkg", "build",
		"--package-root="+filepath.Join(root, "package"),
		"--embed-runtime-image-tarball="+runtimeTarball,
		"--package-file="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("crossplane xpkg build: %w: %s", err, b)
	}
	return out, nil
}
