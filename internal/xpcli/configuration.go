package xpcli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"sigs.k8s.io/yaml"
)

// The packages this repository publishes.
const (
	// FunctionRepository is where the Function package is published, without
	// a tag.
	FunctionRepository = "xpkg.crossplane.io/crossplane-contrib/function-pod-identity"
	// ConfigurationRepository is where the Configuration package is
	// published, without a tag.
	ConfigurationRepository = "xpkg.crossplane.io/crossplane-contrib/configuration-pod-identity"
	// ConfigurationMeta is the Configuration package's metadata in the
	// repository. It is not under package/, the Function package's root,
	// since every YAML file under a package root is package content.
	ConfigurationMeta = "configuration/crossplane.yaml"
	// ConfigurationFile is the name BuildConfiguration gives the package.
	ConfigurationFile = "configuration-pod-identity.xpkg"
)

// DependencyName is the name Crossplane's package manager gives a package it
// installs as a dependency: the repository's path without the registry, as
// a DNS label (NewPackage, internal/controller/pkg/resolver/reconciler.go:704-706
// in crossplane v2.4.0). The Configuration's Compositions call the function
// by this name, or installing the Configuration alone would give them no
// function to call.
func DependencyName(repository string) (string, error) {
	repo, err := name.NewRepository(repository)
	if err != nil {
		return "", fmt.Errorf("cannot parse package repository %q: %w", repository, err)
	}
	return toDNSLabel(repo.RepositoryStr()), nil
}

// toDNSLabel is ToDNSLabel of crossplane-runtime v2.3.1's pkg/xpkg/name.go:86-105,
// which this module cannot import without its signature verification's
// dependencies: lowercase letters and digits kept, '.', '/', ':' and '-'
// made '-' except at the ends and at byte 62, at most 63 bytes read.
func toDNSLabel(s string) string {
	var cut strings.Builder
	for i := range s {
		b := s[i]
		if ('a' <= b && b <= 'z') || ('0' <= b && b <= '9') {
			cut.WriteByte(b)
		}
		if (b == '.' || b == '/' || b == ':' || b == '-') && (i != 0 && i != 62 && i != len(s)-1) {
			cut.WriteByte('-')
		}
		if i == 62 {
			break
		}
	}
	return strings.Trim(cut.String(), "-")
}

// An APIFile is one file of the API a platform installs: the Configuration
// package holds them under apis/, example/install beside the Function.
type APIFile struct {
	// Name is the file's name.
	Name string
	// Source is the file it is made from, relative to the repository.
	Source string
	// Content is what it holds.
	Content []byte
}

// apiSources are the files APIFiles are made from, by the name they get.
var apiSources = []struct{ name, source string }{
	{"definition.yaml", "example/definition.yaml"},
	{"composition.yaml", "example/composition.yaml"},
	{"composition-legacy.yaml", "example/legacy/composition.yaml"},
}

// APIFiles are the XRD and the Compositions as a platform installs them, made
// from the examples, which stay their only source: the XRD as it is, and
// each Composition with its pipeline calling the function by
// DependencyName(FunctionRepository) instead of the name example/functions.yaml
// gives it for crossplane render.
func APIFiles() ([]APIFile, error) {
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	renderName, err := exampleFunctionName(root)
	if err != nil {
		return nil, err
	}
	installedName, err := DependencyName(FunctionRepository)
	if err != nil {
		return nil, err
	}
	files := make([]APIFile, 0, len(apiSources))
	for _, s := range apiSources {
		b, err := os.ReadFile(filepath.Join(root, s.source))
		if err != nil {
			return nil, err
		}
		header := "# Made from " + s.source + "; go test ./test/e2e -update rewrites it. Do not edit.\n"
		if strings.Contains(s.name, "composition") {
			if b, err = callFunctionAs(b, renderName, installedName); err != nil {
				return nil, fmt.Errorf("%s: %w", s.source, err)
			}
			header += "# It calls the function " + installedName + ", the name\n" +
				"# Crossplane gives it as a dependency of the Configuration package.\n"
		}
		files = append(files, APIFile{Name: s.name, Source: s.source, Content: append([]byte(header), b...)})
	}
	return files, nil
}

// exampleFunctionName is the function's name in example/functions.yaml,
// which the example Compositions call.
func exampleFunctionName(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "example", "functions.yaml"))
	if err != nil {
		return "", err
	}
	var fn struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := yaml.Unmarshal(b, &fn); err != nil {
		return "", fmt.Errorf("example/functions.yaml: %w", err)
	}
	if fn.Metadata.Name == "" {
		return "", fmt.Errorf("example/functions.yaml names no function")
	}
	return fn.Metadata.Name, nil
}

// callFunctionAs renames the function a Composition's pipeline calls, on the
// text so that the Composition's comments stay. It fails unless every step
// then calls to: the Configuration depends on no other function.
func callFunctionAs(composition []byte, from, to string) ([]byte, error) {
	ref := regexp.MustCompile(`(?m)^(\s*functionRef:\s*\n\s+name:\s*)` + regexp.QuoteMeta(from) + `([ \t]*(?:#.*)?)$`)
	out := ref.ReplaceAll(composition, []byte("${1}"+to+"${2}"))
	var c struct {
		Spec struct {
			Pipeline []struct {
				Step        string `json:"step"`
				FunctionRef struct {
					Name string `json:"name"`
				} `json:"functionRef"`
			} `json:"pipeline"`
		} `json:"spec"`
	}
	if err := yaml.Unmarshal(out, &c); err != nil {
		return nil, fmt.Errorf("cannot parse the Composition: %w", err)
	}
	if len(c.Spec.Pipeline) == 0 {
		return nil, fmt.Errorf("the Composition has no pipeline")
	}
	for _, s := range c.Spec.Pipeline {
		if s.FunctionRef.Name != to {
			return nil, fmt.Errorf("pipeline step %q calls function %q, not %q (written as `functionRef:` then `name: %s` on the next line)", s.Step, s.FunctionRef.Name, to, from)
		}
	}
	return out, nil
}

// BuildConfiguration assembles the Configuration package's root, the
// metadata of ConfigurationMeta beside APIFiles under apis/, and builds it
// with crossplane xpkg build into dir. Nothing is fetched: xpkg build
// neither resolves nor pulls dependencies.
func BuildConfiguration(ctx context.Context, cli *CLI, dir string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	pkgRoot, err := os.MkdirTemp(dir, "configuration-root-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.RemoveAll(pkgRoot) }()
	if err := copyFile(filepath.Join(root, ConfigurationMeta), filepath.Join(pkgRoot, "crossplane.yaml")); err != nil {
		return "", err
	}
	files, err := APIFiles()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(pkgRoot, "apis"), 0o755); err != nil {
		return "", err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(pkgRoot, "apis", f.Name), f.Content, 0o644); err != nil {
			return "", err
		}
	}
	out := filepath.Join(dir, ConfigurationFile)
	// --examples-root defaults to ./examples in the working directory, whose
	// files would become the package's examples; name one that does not
	// exist instead.
	cmd := cli.Command(ctx, "xpkg", "build", "--package-root="+pkgRoot,
		"--examples-root="+filepath.Join(pkgRoot, "examples"), "--package-file="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("crossplane xpkg build of the Configuration: %w: %s", err, b)
	}
	return out, nil
}
