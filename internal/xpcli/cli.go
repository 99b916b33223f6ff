package xpcli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Where a Crossplane CLI other than the one BuildCrank builds can be given to
// the render command and the end-to-end tests.
const (
	// CLIEnv names a Crossplane CLI binary.
	CLIEnv = "CROSSPLANE_CLI"
	// EngineEnv names the Crossplane binary the current CLI renders with
	// (its --crossplane-binary) instead of a Crossplane image run by Docker.
	EngineEnv = "CROSSPLANE_RENDER_ENGINE"
)

// A CLI is a Crossplane command-line binary: crank, the CLI of
// crossplane/crossplane up to v2.2.1 (cmd/crank), or the current one, which
// moved to crossplane/cli in v2.3.
type CLI struct {
	// Path is the binary.
	Path string
	// Current is true for crossplane/cli. It validates with `resource
	// validate` (crank: `beta validate`, which it no longer has) and renders
	// by running a Crossplane binary's `internal render` (crank renders in
	// its own process).
	Current bool
	// Engine is the Crossplane binary the current CLI renders with
	// (--crossplane-binary); empty means the CLI's default, a Crossplane
	// image run by Docker. crank has no engine.
	Engine string
	// Env is the environment of every command; nil means this process's.
	Env []string
}

// String says which CLI this is, for logs.
func (c *CLI) String() string {
	switch {
	case !c.Current:
		return "crank (crossplane/crossplane) " + c.Path
	case c.Engine != "":
		return "crossplane/cli " + c.Path + " rendering with " + c.Engine
	default:
		return "crossplane/cli " + c.Path + " rendering with Docker"
	}
}

// Command is the CLI run with args, in the CLI's environment.
func (c *CLI) Command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.Path, args...)
	cmd.Env = c.Env
	return cmd
}

// validateCommand is the command that validates resources against their
// schemas: crossplane/cli's `resource validate`
// (cmd/crossplane/resource/resource.go), crank's `beta validate`
// (cmd/crank/beta/validate). Their flags are the same.
func (c *CLI) validateCommand() []string {
	if c.Current {
		return []string{"resource", "validate"}
	}
	return []string{"beta", "validate"}
}

// DetectCLI tells which CLI the binary at path is from the validate command
// it has: only crossplane/cli answers `resource validate --help`, only crank
// `beta validate --help` (any other command exits 80). Both answer offline.
func DetectCLI(ctx context.Context, path string) (*CLI, error) {
	var out bytes.Buffer
	for _, current := range []bool{true, false} {
		c := &CLI{Path: path, Current: current}
		cmd := c.Command(ctx, append(c.validateCommand(), "--help")...)
		cmd.Stdout, cmd.Stderr = io.Discard, &out
		if err := cmd.Run(); err == nil {
			return c, nil
		} else if !errors.As(err, new(*exec.ExitError)) {
			return nil, fmt.Errorf("cannot run %s: %w", path, err)
		}
	}
	return nil, fmt.Errorf("%s has neither `resource validate` nor `beta validate`; is it a Crossplane CLI? %s", path, bytes.TrimSpace(out.Bytes()))
}

// GivenCLI returns the Crossplane CLI at path, or else at $CROSSPLANE_CLI, or
// else crossplane on PATH if it is the current CLI, with its engine from
// engine or else $CROSSPLANE_RENDER_ENGINE. It returns nil when no CLI is
// given: a crank on PATH does not count, since BuildCrank builds the crank
// version this project is tested with.
func GivenCLI(ctx context.Context, path, engine string) (*CLI, error) {
	if path == "" {
		path = os.Getenv(CLIEnv)
	}
	var c *CLI
	if path != "" {
		var err error
		if c, err = DetectCLI(ctx, path); err != nil {
			return nil, err
		}
	} else if found, err := exec.LookPath("crossplane"); err == nil {
		// Anything else on PATH, crank or not a CLI at all, is not given.
		if c, err = DetectCLI(ctx, found); err != nil || !c.Current {
			return nil, nil
		}
	} else {
		return nil, nil
	}
	if engine == "" {
		engine = os.Getenv(EngineEnv)
	}
	if engine != "" && !c.Current {
		return nil, fmt.Errorf("%s is crank, which renders in its own process and takes no render engine (%s)", c.Path, engine)
	}
	c.Engine = engine
	return c, nil
}

// BuildCrank returns crank, the Crossplane CLI of CrossplaneVersion, building
// it from the crossplane module the first time (2-4 minutes on two cores).
// Concurrent callers, such as parallel test packages, wait for one build.
func BuildCrank(ctx context.Context, log io.Writer) (*CLI, error) {
	cache, err := CacheDir()
	if err != nil {
		return nil, err
	}
	bin := filepath.Join(cache, "bin", "crossplane-"+CrossplaneVersion)
	unlock, err := lock(bin + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := os.Stat(bin); err == nil {
		return &CLI{Path: bin}, nil
	}

	src, err := ModuleDir(ctx, CrossplaneModule, CrossplaneVersion)
	if err != nil {
		return nil, err
	}
	_, _ = fmt.Fprintf(log, "Building the Crossplane CLI %s into %s (once; a few minutes)...\n", CrossplaneVersion, bin)
	tmp := bin + ".tmp"
	// Without symbols and DWARF: linking is a third of the time.
	cmd := exec.CommandContext(ctx, "go", "build", "-ldflags=-s -w", "-o", tmp, "./cmd/crank")
	cmd.Dir = src
	// The module's own go.sum pins its dependencies; -mod=mod lets the build
	// resolve them without a go.work or vendor folder.
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod -buildvcs=false", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("cannot build the Crossplane CLI: %w", err)
	}
	return &CLI{Path: bin}, os.Rename(tmp, bin)
}

// BuildEngine returns a Crossplane binary for the current CLI's
// --crossplane-binary, building it the first time. It is the Crossplane the
// integration test runs, from the module in test/integration/tools: the
// crossplane module cannot be built in its own folder, since its go.mod
// replaces crossplane/apis with a folder its module zip lacks.
func BuildEngine(ctx context.Context, log io.Writer) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	tools := filepath.Join(root, "test", "integration", "tools")
	version, err := toolsVersion(ctx, tools, CrossplaneModule)
	if err != nil {
		return "", err
	}
	cache, err := CacheDir()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(cache, "bin", "crossplane-engine-"+version)
	unlock, err := lock(bin + ".lock")
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	_, _ = fmt.Fprintf(log, "Building Crossplane %s, the render engine, into %s (once; a few minutes)...\n", version, bin)
	tmp := bin + ".tmp"
	cmd := exec.CommandContext(ctx, "go", "build", "-ldflags=-s -w", "-o", tmp, CrossplaneModule+"/cmd/crossplane")
	cmd.Dir = tools
	cmd.Env = append(os.Environ(), "GOWORK=off", "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("cannot build Crossplane %s: %w", version, err)
	}
	return bin, os.Rename(tmp, bin)
}

// toolsVersion is the version of module that the module in dir requires.
func toolsVersion(ctx context.Context, dir, module string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Version}}", module)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list -m %s in %s: %w: %s", module, dir, err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out)), nil
}
