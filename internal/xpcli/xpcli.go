// Package xpcli provides the real Crossplane CLI, the CRDs it validates
// against and a running function-pod-identity to the end-to-end tests and to
// the render command. Everything comes from the Go module proxy and is built
// here, so that a machine with only Go installed can render and validate.
package xpcli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// Modules and versions of the tools and CRDs. crossplane v2.2.1 is the last
// release whose module holds cmd/crank, the CLI; later CLIs come from
// crossplane/cli, which is not built here (see GivenCLI).
const (
	CrossplaneModule   = "github.com/crossplane/crossplane/v2"
	CrossplaneVersion  = "v2.2.1"
	ProviderAWSModule  = "github.com/upbound/provider-aws/v2"
	ProviderAWSVersion = "v2.5.0"
)

// RepoRoot is the folder of this project's go.mod, found from the working
// directory upwards.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.HasPrefix(b, []byte("module github.com/crossplane-contrib/function-pod-identity\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cannot find the function-pod-identity module above the working directory")
		}
		dir = parent
	}
}

// CacheDir is where built tools are kept between runs: .cache/ in the
// repository, which git ignores.
func CacheDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, ".cache")
	return dir, os.MkdirAll(filepath.Join(dir, "bin"), 0o755)
}

// ModuleDir downloads module@version through the module proxy, if it is not
// in the module cache yet, and returns its folder there.
func ModuleDir(ctx context.Context, module, version string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", module+"@"+version)
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w: %s%s", module, version, err, stderr.Bytes(), out)
	}
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(out, &info); err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %w", module, version, err)
	}
	if info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, version, info.Error)
	}
	return info.Dir, nil
}

// BuildFunction builds this function into the cache and returns its path. Go's
// build cache makes a second call cheap.
func BuildFunction(ctx context.Context) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(cache, "bin", "function-pod-identity")
	unlock, err := lock(bin + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = root
	// Static, as in the runtime image; it also shares the build cache with
	// the package's build and the Crossplane CLI's.
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("cannot build the function: %w: %s", err, out)
	}
	return bin, nil
}

// lock takes an exclusive lock on path, waiting for other processes.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cannot lock %s: %w", path, err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		_ = f.Close()
	}, nil
}
