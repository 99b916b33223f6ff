package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

// TestInstallManifests validates what a platform team applies to install the
// function, the Function, its DeploymentRuntimeConfig, the XRD and the
// Compositions (with their Inputs, against the function's Input CRD),
// against Crossplane's CRDs.
func TestInstallManifests(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := validator.Validate(ctx, filepath.Join(root, "example", "install")+","+filepath.Join(root, "example", "legacy", "composition.yaml"))
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	for _, kind := range []string{"Kind=Function,", "Kind=DeploymentRuntimeConfig,", "Kind=CompositeResourceDefinition,", "Kind=Composition,"} {
		if !strings.Contains(string(out), kind) {
			t.Errorf("no %s validated:\n%s", strings.Trim(kind, ","), out)
		}
	}
}
