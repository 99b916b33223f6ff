package integration

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
)

// The control plane's versions. k8s.io/kubernetes and Crossplane come from
// the tools module in tools/, whose go.mod pins them.
const (
	kubernetesVersion = "v1.35.4"
	crossplaneModule  = "github.com/crossplane/crossplane/v2"
	crossplaneVersion = "v2.4.0"
)

// The binaries the stack runs, by their package in the tools module.
var controlPlaneBinaries = map[string]string{
	"kube-apiserver":          "k8s.io/kubernetes/cmd/kube-apiserver",
	"kube-controller-manager": "k8s.io/kubernetes/cmd/kube-controller-manager",
	"crossplane":              "github.com/crossplane/crossplane/v2/cmd/crossplane",
	"etcd":                    "./etcd",
}

// buildControlPlane builds the control plane's binaries into the cache, once,
// in one go so that the Kubernetes code compiles once, and returns their
// folder.
func buildControlPlane(ctx context.Context, root string) (string, error) {
	bin := filepath.Join(root, ".cache", "bin", "control-plane-"+kubernetesVersion+"-crossplane-"+crossplaneVersion)
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return "", err
	}
	lock, err := os.OpenFile(bin+".lock", os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", err
	}
	defer func() { _ = lock.Close() }()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", err
	}

	missing := false
	for name := range controlPlaneBinaries {
		if _, err := os.Stat(filepath.Join(bin, name)); err != nil {
			missing = true
		}
	}
	if !missing {
		return bin, nil
	}
	fmt.Fprintf(os.Stderr, "Building etcd, kube-apiserver, kube-controller-manager and Crossplane into %s (once; about 4 minutes)...\n", bin)
	tmp, err := os.MkdirTemp(filepath.Dir(bin), "build-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	args := []string{"build", "-o", tmp + "/",
		// kubectl and clients parse the server's version; without these it
		// is v0.0.0-master. Without symbols and DWARF, linking is a third
		// of the time.
		"-ldflags=-s -w -X k8s.io/component-base/version.gitVersion=" + kubernetesVersion +
			" -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=35"}
	for _, pkg := range controlPlaneBinaries {
		args = append(args, pkg)
	}
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = filepath.Join(root, "test", "integration", "tools")
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("cannot build the control plane: %w", err)
	}
	for name := range controlPlaneBinaries {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(bin, name)); err != nil {
			return "", err
		}
	}
	return bin, nil
}
