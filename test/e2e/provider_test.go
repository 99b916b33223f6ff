package e2e

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// The account the simulated provider creates everything in.
const account = "123456789012"

// documents splits crossplane render's output into its YAML documents.
func documents(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var docs []map[string]any
	for _, d := range regexp.MustCompile(`(?m)^---$`).Split(string(out), -1) {
		if strings.TrimSpace(d) == "" {
			continue
		}
		var m map[string]any
		if err := yaml.Unmarshal([]byte(d), &m); err != nil {
			t.Fatalf("cannot parse rendered YAML: %v\n%s", err, d)
		}
		docs = append(docs, m)
	}
	return docs
}

// str is the string at path in an unstructured object, or "".
var str = xpcli.StringAt

func shortHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// observe plays provider-aws and Crossplane's package manager for a render:
// every composed resource exists, every managed resource is Ready and Synced,
// every Provider is installed and healthy, and the role, association and
// add-on report what AWS would. It returns the observed resources as
// crossplane render -o reads them. The render of an XR of kind xrKind
// starts with the XR.
func observe(t *testing.T, xrKind string, rendered []byte) []byte {
	t.Helper()
	docs := documents(t, rendered)
	if len(docs) == 0 || str(docs[0], "kind") != xrKind {
		t.Fatalf("render output does not start with the XR")
	}
	region := str(docs[0], "spec", "region")
	var out strings.Builder
	for _, d := range docs[1:] {
		kind := str(d, "kind")
		if kind == "Result" {
			continue
		}
		switch {
		case strings.Contains(str(d, "apiVersion"), ".aws.") && !strings.HasSuffix(kind, "ProviderConfig"):
			st := map[string]any{"conditions": conditions("Ready", "Synced")}
			if ap := atProvider(d, region); ap != nil {
				st["atProvider"] = ap
			}
			d["status"] = st
		case kind == "Provider":
			d["status"] = map[string]any{"conditions": conditions("Installed", "Healthy")}
		}
		b, err := yaml.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		out.WriteString("---\n")
		out.Write(b)
	}
	return []byte(out.String())
}

func conditions(types ...string) []any {
	out := make([]any, 0, len(types))
	for _, typ := range types {
		out = append(out, map[string]any{"type": typ, "status": "True", "reason": "Available", "lastTransitionTime": "2024-01-01T00:00:00Z"})
	}
	return out
}

// atProvider is what AWS reports of a managed resource, derived from its
// spec so that it is stable.
func atProvider(mr map[string]any, region string) map[string]any {
	name := str(mr, "metadata", "annotations", "crossplane.io/external-name")
	switch str(mr, "kind") {
	case "Role":
		path := str(mr, "spec", "forProvider", "path")
		if path == "" {
			path = "/"
		}
		return map[string]any{"arn": fmt.Sprintf("arn:%s:iam::%s:role%s%s", partition(region), account, path, name), "id": name}
	case "PodIdentityAssociation":
		id := "a-" + shortHash(str(mr, "metadata", "name"), 17)
		ap := map[string]any{
			"associationId":  id,
			"associationArn": fmt.Sprintf("arn:%s:eks:%s:%s:podidentityassociation/%s/%s", partition(region), region, account, str(mr, "spec", "forProvider", "clusterName"), id),
		}
		if str(mr, "spec", "forProvider", "targetRoleArn") != "" {
			h := shortHash(id, 32)
			ap["externalId"] = fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
		}
		return ap
	case "Addon":
		version := str(mr, "spec", "forProvider", "addonVersion")
		if version == "" {
			version = "v1.3.8-eksbuild.2"
		}
		cluster := str(mr, "spec", "forProvider", "clusterName")
		return map[string]any{
			"addonVersion": version,
			"arn":          fmt.Sprintf("arn:%s:eks:%s:%s:addon/%s/eks-pod-identity-agent/%s", partition(region), region, account, cluster, shortHash(cluster, 8)),
		}
	}
	return nil
}

// composedNames are the composition resource names in a render's output.
func composedNames(t *testing.T, out []byte) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	for _, d := range documents(t, out) {
		if n := str(d, "metadata", "annotations", "crossplane.io/composition-resource-name"); n != "" {
			names[n] = true
		}
	}
	return names
}
