// Package integration runs function-pod-identity inside a real Crossplane
// v2.4 control plane: etcd, kube-apiserver, kube-controller-manager (garbage
// collector and namespace controllers) and Crossplane, all built from the Go
// module proxy, in a private network namespace with only loopback. The
// function is a local process that Crossplane calls over mTLS.
//
// provider-aws and Crossplane's package manager cannot run there (no AWS, no
// registry): the tests write what they would write (sim_test.go). The
// example XRs are composed, checked against crossplane render, played and
// deleted (integration_test.go); the day-two tests change live XRs and check
// that each change converges (daytwo_test.go).
//
// Run it alone with
//
//	go test ./test/integration -v
//
// The first run builds the binaries into .cache/ (about 4 minutes on two
// cores); later runs take well under a minute.
package integration

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// Environment the test hands from the process that builds, which has the
// network, to the one that runs the stack in a network namespace.
const (
	envInNamespace = "FPI_INTEGRATION_IN_NETNS"
	envBinaries    = "FPI_INTEGRATION_BIN"
	envFunction    = "FPI_INTEGRATION_FUNCTION"
	envAWSModule   = "FPI_INTEGRATION_PROVIDER_AWS"
	envXPModule    = "FPI_INTEGRATION_CROSSPLANE"
	envRepo        = "FPI_INTEGRATION_REPO"
)

// The stack every test shares.
var cp *controlPlane

func TestMain(m *testing.M) {
	if os.Getenv(envInNamespace) == "" {
		os.Exit(prepareAndReexec())
	}
	os.Exit(runInNamespace(m))
}

// prepareAndReexec builds what the stack needs while the network is there,
// then runs this test binary again in a new network namespace.
func prepareAndReexec() int {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	env, err := prepare(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration:", err)
		return 1
	}
	cmd := exec.CommandContext(ctx, os.Args[0], os.Args[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	// A network namespace of its own: Crossplane's metrics and health
	// listeners bind every interface, and nothing here may reach out.
	cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: syscall.CLONE_NEWNET, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Run(); err != nil {
		if exit, ok := err.(*exec.ExitError); ok { //nolint:errorlint // exec returns it unwrapped
			return exit.ExitCode()
		}
		fmt.Fprintln(os.Stderr, "integration: cannot run in a network namespace of its own (needs root or CAP_SYS_ADMIN):", err)
		return 1
	}
	return 0
}

func prepare(ctx context.Context) ([]string, error) {
	root, err := xpcli.RepoRoot()
	if err != nil {
		return nil, err
	}
	bins, err := buildControlPlane(ctx, root)
	if err != nil {
		return nil, err
	}
	fn, err := xpcli.BuildFunction(ctx)
	if err != nil {
		return nil, err
	}
	aws, err := xpcli.ModuleDir(ctx, xpcli.ProviderAWSModule, xpcli.ProviderAWSVersion)
	if err != nil {
		return nil, err
	}
	xp, err := xpcli.ModuleDir(ctx, crossplaneModule, crossplaneVersion)
	if err != nil {
		return nil, err
	}
	return []string{
		envInNamespace + "=1",
		envBinaries + "=" + bins,
		envFunction + "=" + fn,
		envAWSModule + "=" + aws,
		envXPModule + "=" + xp,
		envRepo + "=" + root,
	}, nil
}

func runInNamespace(m *testing.M) int {
	if err := loopbackUp(); err != nil {
		fmt.Fprintln(os.Stderr, "integration: cannot bring up loopback:", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "function-pod-identity-integration-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration:", err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()

	cp, err = startControlPlane(ctx, dir, stackPaths{
		bin:       os.Getenv(envBinaries),
		function:  os.Getenv(envFunction),
		awsModule: os.Getenv(envAWSModule),
		xpModule:  os.Getenv(envXPModule),
		repo:      os.Getenv(envRepo),
	})
	if cp != nil {
		// Every process it started stops, whatever happened.
		defer cp.stop()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "integration: cannot start the control plane:", err)
		if cp != nil {
			cp.dumpLogs(os.Stderr)
		}
		return 1
	}
	// The day-two tests spend their time waiting for Crossplane: run them all
	// at once, whatever the number of CPUs, unless -parallel says otherwise.
	flag.Parse()
	parallel := false
	flag.Visit(func(f *flag.Flag) { parallel = parallel || f.Name == "test.parallel" })
	if !parallel {
		if err := flag.Set("test.parallel", "16"); err != nil {
			fmt.Fprintln(os.Stderr, "integration:", err)
			return 1
		}
	}
	code := m.Run()
	if code != 0 {
		cp.dumpLogs(os.Stderr)
	}
	return code
}

// loopbackUp brings up lo, which a new network namespace has down.
func loopbackUp() error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	if err != nil {
		return err
	}
	defer func() { _ = unix.Close(fd) }()
	ifr, err := unix.NewIfreq("lo")
	if err != nil {
		return err
	}
	ifr.SetUint16(unix.IFF_UP | unix.IFF_RUNNING)
	return unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr)
}
