package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// TestValidateRejectsBrokenResources shows that the schema check of
// TestExamples can fail: resources a typo or a missing field breaks are
// rejected by the real CRDs, and an intact one passes.
func TestValidateRejectsBrokenResources(t *testing.T) {
	const association = `
apiVersion: eks.aws.m.upbound.io/v1beta1
kind: PodIdentityAssociation
metadata:
  name: broken
  namespace: crossplane-system
spec:
  forProvider:
`
	cases := map[string]struct {
		reason   string
		resource string
		rejected string // what the report must say; "" means valid
	}{
		"Intact": {
			reason:   "The check passes what the CRD accepts, or the other cases prove nothing.",
			resource: association + "    region: us-east-2\n    clusterName: c\n    namespace: crossplane-system\n    serviceAccount: sa\n    roleArn: arn:aws:iam::123456789012:role/r\n",
		},
		"UnknownField": {
			reason:   "A misspelt field would be pruned by the API server and silently lost.",
			resource: association + "    region: us-east-2\n    clusterNam: c\n    namespace: crossplane-system\n    serviceAccount: sa\n",
			rejected: `unknown field: "clusterNam"`,
		},
		"MissingRegion": {
			reason:   "forProvider.region is required by the schema.",
			resource: association + "    clusterName: c\n    namespace: crossplane-system\n    serviceAccount: sa\n",
			rejected: "spec.forProvider.region: Required value",
		},
		"RoleWithoutTrustPolicy": {
			reason:   "A Role without assumeRolePolicy breaks the CRD's CEL rule.",
			resource: "apiVersion: iam.aws.m.upbound.io/v1beta1\nkind: Role\nmetadata: {name: r, namespace: crossplane-system}\nspec:\n  forProvider: {description: d}\n",
			rejected: "assumeRolePolicy is a required parameter",
		},
		"UnknownKind": {
			reason:   "A kind without a schema is an error, not a skipped resource.",
			resource: "apiVersion: iam.aws.m.upbound.io/v1beta1\nkind: Rolle\nmetadata: {name: r, namespace: crossplane-system}\n",
			rejected: "missing schemas",
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "resource.yaml")
			if err := os.WriteFile(file, []byte(tc.resource), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out, err := validator.Validate(ctx, file)
			switch {
			case tc.rejected == "" && err != nil:
				t.Errorf("%s\nvalid resource rejected: %v\n%s", tc.reason, err, out)
			case tc.rejected != "" && err == nil:
				t.Errorf("%s\nbroken resource accepted:\n%s", tc.reason, out)
			case tc.rejected != "" && !strings.Contains(string(out), tc.rejected):
				t.Errorf("%s\nthe report does not say %q:\n%s", tc.reason, tc.rejected, out)
			}
		})
	}
}

// versionPlaceholder stands for the release in example/install/function.yaml;
// the README says what to put there.
const versionPlaceholder = "VERSION"

// TestInstallFiles keeps example/install in step with its sources. Its XRD
// and Compositions are made from example/ as the Configuration package's are
// (xpcli.APIFiles; -update rewrites them). Its Function is the package this
// repository publishes, at a version the user fills in, named as the
// Configuration's dependency would be so that both ways of installing call
// the same function, and run with the DeploymentRuntimeConfig beside it.
// Every file is a regular file: symbolic links do not survive every checkout.
func TestInstallFiles(t *testing.T) {
	dir := filepath.Join(root, "example", "install")
	files, err := xpcli.APIFiles()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"function.yaml", "runtime-config.yaml"}
	for _, f := range files {
		golden(t, filepath.Join(dir, f.Name), f.Content)
		want = append(want, f.Name)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, 0, len(entries))
	for _, e := range entries {
		got = append(got, e.Name())
		if !e.Type().IsRegular() {
			t.Errorf("example/install/%s is not a regular file (%v)", e.Name(), e.Type())
		}
	}
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("example/install's files, -want, +got:\n%s", diff)
	}

	var fn, runtimeConfig struct {
		Metadata struct {
			Name string `json:"name"`
		} `json:"metadata"`
		Spec struct {
			Package          string `json:"package"`
			RuntimeConfigRef struct {
				Name string `json:"name"`
			} `json:"runtimeConfigRef"`
		} `json:"spec"`
	}
	for file, into := range map[string]any{"function.yaml": &fn, "runtime-config.yaml": &runtimeConfig} {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(b, into); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
	}
	name, err := xpcli.DependencyName(xpcli.FunctionRepository)
	if err != nil {
		t.Fatal(err)
	}
	if fn.Metadata.Name != name {
		t.Errorf("the Function is named %q, want %q, the name the Configuration package's dependency gets", fn.Metadata.Name, name)
	}
	if want := xpcli.FunctionRepository + ":" + versionPlaceholder; fn.Spec.Package != want {
		t.Errorf("the Function's package is %q, want %q", fn.Spec.Package, want)
	}
	if fn.Spec.RuntimeConfigRef.Name != runtimeConfig.Metadata.Name {
		t.Errorf("the Function runs with DeploymentRuntimeConfig %q, not %q of runtime-config.yaml", fn.Spec.RuntimeConfigRef.Name, runtimeConfig.Metadata.Name)
	}
}

// TestInstallManifests validates what a platform team applies to install the
// function, the Function, its DeploymentRuntimeConfig, the XRD and the
// Compositions (with their Inputs, against the function's Input CRD),
// against Crossplane's CRDs.
func TestInstallManifests(t *testing.T) {
	validateInstall(t, validator)
}

func validateInstall(t *testing.T, v *xpcli.Validator) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := v.Validate(ctx, filepath.Join(root, "example", "install"))
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, kind := range []string{"Kind=Function,", "Kind=DeploymentRuntimeConfig,", "Kind=CompositeResourceDefinition,", "Kind=Composition,"} {
		if !strings.Contains(string(out), kind) {
			t.Errorf("no %s validated:\n%s", strings.Trim(kind, ","), out)
		}
	}
}
