package e2e

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// definitions are the XRDs of the examples: example/definition.yaml and
// those of examples with an API of their own, in a folder beside it.
// example/install holds copies, made from example/.
func definitions() []string {
	xrds, _ := filepath.Glob(filepath.Join(root, "example", "*", "definition.yaml")) // a constant, valid pattern
	xrds = slices.DeleteFunc(xrds, func(p string) bool { return filepath.Base(filepath.Dir(p)) == "install" })
	return append([]string{filepath.Join(root, "example", "definition.yaml")}, xrds...)
}

// examples are every example XR: files named xr*.yaml under example/.
func examples(t *testing.T) []string {
	t.Helper()
	var xrs []string
	err := filepath.WalkDir(filepath.Join(root, "example"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "observed" {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), "xr") && strings.HasSuffix(d.Name(), ".yaml") {
			xrs = append(xrs, path)
		}
		return nil
	})
	if err != nil || len(xrs) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	return xrs
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	compareGolden(t, path, got)
}

// compareGolden compares got with the file, never rewriting it.
func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./test/e2e -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is out of date (go test ./test/e2e -update rewrites it): -want, +got:\n%s", path, diff)
	}
}

// render renders with c and returns the raw output and what the function
// decided in it (xpcli.Decisions), which golden files hold.
func render(t *testing.T, c *xpcli.CLI, r xpcli.Render) (raw, decided []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := r.Run(ctx, c, fn)
	if err != nil {
		t.Fatal(err)
	}
	decided, err = xpcli.Decisions(out)
	if err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return out, decided
}

// validate checks every resource of a render against its schema with v.
// The CLIs have no schemas for Kubernetes' built-in kinds, so the one the
// function composes, ServiceAccount, is decoded strictly into its k8s.io/api
// type (an unknown field fails) and its name checked by Kubernetes' rules;
// results are not resources; everything else goes to the CLI.
func validate(t *testing.T, v *xpcli.Validator, name string, rendered []byte) {
	t.Helper()
	var rest bytes.Buffer
	for _, doc := range regexp.MustCompile(`(?m)^---$`).Split(string(rendered), -1) {
		switch {
		case strings.TrimSpace(doc) == "":
			continue
		case strings.Contains(doc, "\nkind: Result\n"):
			continue
		case !strings.Contains(doc, "\napiVersion: v1\n"):
			rest.WriteString("---" + doc)
			continue
		}
		sa := &corev1.ServiceAccount{}
		if err := yaml.UnmarshalStrict([]byte(doc), sa); err != nil || sa.Kind != "ServiceAccount" {
			t.Errorf("not a valid core v1 ServiceAccount (%v):\n%s", err, doc)
			continue
		}
		for _, msg := range append(validation.IsDNS1123Subdomain(sa.Name), validation.IsDNS1123Label(sa.Namespace)...) {
			t.Errorf("ServiceAccount %s/%s: %s", sa.Namespace, sa.Name, msg)
		}
	}
	file := filepath.Join(t.TempDir(), name+".yaml")
	if err := os.WriteFile(file, rest.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := v.Validate(ctx, file); err != nil {
		t.Errorf("%v:\n%s", err, out)
	}
}

// TestExamples renders every example as a first reconcile and as the steady
// state, compares what the function decided in both with golden files, and
// validates every resource of both against the real CRDs. The steady state
// is reached as in a cluster: the provider observes what was rendered, the
// function renders again with that, until nothing new is composed
// (Providers, for example, appear only once their association is Ready).
func TestExamples(t *testing.T) {
	for _, xr := range examples(t) {
		id := exampleID(xr)
		t.Run(id, func(t *testing.T) {
			r, err := xpcli.ForExample(xr)
			if err != nil {
				t.Fatal(err)
			}
			r.IncludeFullXR, r.IncludeResults = true, true

			b, err := os.ReadFile(xr)
			if err != nil {
				t.Fatal(err)
			}
			xrKind := str(documents(t, b)[0], "kind")
			raw, first := render(t, cli, r)
			golden(t, filepath.Join(root, "test", "e2e", "testdata", id+".yaml"), first)
			validate(t, validator, id, raw)

			// The observed state beside the example is what a user passes to
			// crossplane render -o; it is derived, so it is golden too.
			observedFile := filepath.Join(t.TempDir(), "observed.yaml")
			steady, observed := first, []byte(nil)
			for round := 0; ; round++ {
				if round == 4 {
					t.Fatal("no steady state after 4 reconciles: the function keeps composing new resources")
				}
				seen := composedNames(t, observed)
				observed = observe(t, xrKind, steady)
				if err := os.WriteFile(observedFile, observed, 0o644); err != nil {
					t.Fatal(err)
				}
				r.Observed = observedFile
				raw, steady = render(t, cli, r)
				if maps.Equal(composedNames(t, steady), seen) {
					break
				}
			}
			r.Observed = observedPath(xr)
			golden(t, r.Observed, observed)
			checkControllers(t, xr, observed)

			golden(t, filepath.Join(root, "test", "e2e", "testdata", id+"-steady.yaml"), steady)
			validate(t, validator, id+"-steady", raw)

			xrOut := documents(t, steady)[0]
			if str(xrOut, "status", "roleArn") == "" || str(xrOut, "status", "associationId") == "" {
				t.Errorf("steady state: the XR's status lacks roleArn or associationId: %v", xrOut["status"])
			}
			if !bytes.Contains(steady, []byte("type: CredentialsReady")) || bytes.Contains(steady, []byte("waiting for")) {
				t.Errorf("steady state: CredentialsReady is not True")
			}
		})
	}
}

// exampleID names an example by its path under example/: legacy-xr for
// example/legacy/xr.yaml.
func exampleID(xr string) string {
	rel, _ := filepath.Rel(filepath.Join(root, "example"), xr)
	return strings.TrimSuffix(strings.ReplaceAll(rel, string(filepath.Separator), "-"), ".yaml")
}

// observedPath is the example's steady-state observed file, in observed/
// beside it.
func observedPath(xr string) string {
	return filepath.Join(filepath.Dir(xr), "observed", filepath.Base(xr))
}

// checkControllers checks that every observed resource is controlled by the
// example XR with the uid Crossplane v2.4's render engine gives it: that
// engine refuses an observed resource controlled by any other uid (crank
// does not look).
func checkControllers(t *testing.T, xrFile string, observed []byte) {
	t.Helper()
	b, err := os.ReadFile(xrFile)
	if err != nil {
		t.Fatal(err)
	}
	var xr map[string]any
	if err := yaml.Unmarshal(b, &xr); err != nil {
		t.Fatal(err)
	}
	want := []any{map[string]any{
		"apiVersion": str(xr, "apiVersion"), "kind": str(xr, "kind"), "name": str(xr, "metadata", "name"),
		"uid": xpcli.XRUID(xr), "controller": true, "blockOwnerDeletion": true,
	}}
	for _, d := range documents(t, observed) {
		meta, _ := d["metadata"].(map[string]any)
		if diff := cmp.Diff(want, meta["ownerReferences"]); diff != "" {
			t.Errorf("observed %s %s: owner references, -want, +got:\n%s", str(d, "kind"), str(d, "metadata", "name"), diff)
		}
	}
}
