package xpcli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ProviderAWSCRDs are the files in provider-aws's package/crds of every kind
// the function can compose, in both managed-resource APIs.
var ProviderAWSCRDs = []string{
	"iam.aws.m.upbound.io_roles.yaml",
	"iam.aws.m.upbound.io_rolepolicyattachments.yaml",
	"iam.aws.m.upbound.io_rolepolicies.yaml",
	"iam.aws.m.upbound.io_policies.yaml",
	"eks.aws.m.upbound.io_podidentityassociations.yaml",
	"eks.aws.m.upbound.io_addons.yaml",
	"aws.m.upbound.io_providerconfigs.yaml",
	"aws.m.upbound.io_clusterproviderconfigs.yaml",
	"iam.aws.upbound.io_roles.yaml",
	"iam.aws.upbound.io_rolepolicyattachments.yaml",
	"iam.aws.upbound.io_rolepolicies.yaml",
	"iam.aws.upbound.io_policies.yaml",
	"eks.aws.upbound.io_podidentityassociations.yaml",
	"eks.aws.upbound.io_addons.yaml",
	"aws.upbound.io_providerconfigs.yaml",
}

// crossplaneImage is the Crossplane image whose CRDs the CLI checks
// Crossplane's own kinds against; its cache is filled from the crossplane
// module, so nothing is pulled. Both CLIs keep an image's CRDs in the same
// cache folder (cmd/crank/beta/validate/cache.go in crossplane v2.2.1,
// cmd/crossplane/validate/cache.go in crossplane/cli v2.4.1).
const crossplaneImage = "xpkg.crossplane.io/crossplane/crossplane:" + CrossplaneVersion

// A Validator runs the CLI's validate command offline against the real CRDs
// of provider-aws and Crossplane, and an XRD.
type Validator struct {
	cli        *CLI
	extensions string
	cache      string
}

// NewValidator lays out the CRDs, the function's Input CRD and the XRDs
// under dir.
func NewValidator(ctx context.Context, cli *CLI, dir string, xrds ...string) (*Validator, error) {
	aws, err := ModuleDir(ctx, ProviderAWSModule, ProviderAWSVersion)
	if err != nil {
		return nil, err
	}
	xp, err := ModuleDir(ctx, CrossplaneModule, CrossplaneVersion)
	if err != nil {
		return nil, err
	}
	v := &Validator{cli: cli, extensions: filepath.Join(dir, "extensions"), cache: filepath.Join(dir, "cache")}
	if err := os.MkdirAll(v.extensions, 0o755); err != nil {
		return nil, err
	}
	for _, name := range ProviderAWSCRDs {
		if err := copyFile(filepath.Join(aws, "package", "crds", name), filepath.Join(v.extensions, name)); err != nil {
			return nil, err
		}
	}
	for i, xrd := range xrds {
		if err := copyFile(xrd, filepath.Join(v.extensions, fmt.Sprintf("definition-%d.yaml", i))); err != nil {
			return nil, err
		}
	}
	// The function's own Input CRD, for the Inputs of Compositions.
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	inputs, err := filepath.Glob(filepath.Join(root, "package", "input", "*.yaml"))
	if err != nil {
		return nil, err
	}
	for _, crd := range inputs {
		if err := copyFile(crd, filepath.Join(v.extensions, filepath.Base(crd))); err != nil {
			return nil, err
		}
	}
	// The CLI's cache folder of an image is its name with ':' as '@'.
	image := filepath.Join(v.cache, strings.ReplaceAll(crossplaneImage, ":", "@"))
	if err := os.MkdirAll(image, 0o755); err != nil {
		return nil, err
	}
	crds, err := filepath.Glob(filepath.Join(xp, "cluster", "crds", "*.yaml"))
	if err != nil || len(crds) == 0 {
		return nil, fmt.Errorf("no CRDs in the crossplane module at %s: %w", xp, err)
	}
	for _, crd := range crds {
		if err := copyFile(crd, filepath.Join(image, filepath.Base(crd))); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Validate checks every resource in the file resources against its schema.
// A resource without a schema is an error too. The CLI's report is returned
// either way.
func (v *Validator) Validate(ctx context.Context, resources string) ([]byte, error) {
	args := append(v.cli.validateCommand(), v.extensions, resources,
		"--cache-dir="+v.cache, "--crossplane-image="+crossplaneImage, "--error-on-missing-schemas")
	cmd := v.cli.Command(ctx, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.Bytes(), fmt.Errorf("crossplane %s %s: %w", strings.Join(v.cli.validateCommand(), " "), resources, err)
	}
	return out.Bytes(), nil
}

// copyFile copies a file; files in the module cache are read-only, copies
// are not.
func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o644)
}
