package presets

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// The whole of data/families.json, provenance included.
type (
	familiesFile struct {
		Description string `json:"description"`
		Provider    struct {
			Module  string `json:"module"`
			Version string `json:"version"`
			Commit  string `json:"commit"`
		} `json:"provider"`
		TerraformProvider struct {
			Module   string `json:"module"`
			Version  string `json:"version"`
			Replaces string `json:"replaces"`
		} `json:"terraformProvider"`
		Method         []string          `json:"method"`
		SourceNotation map[string]string `json:"sourceNotation"`
		Families       []familyEntry     `json:"families"`
	}
	familyEntry struct {
		Family             string           `json:"family"`
		Package            string           `json:"package"`
		Group              string           `json:"group"`
		NamespacedGroup    string           `json:"namespacedGroup"`
		Kinds              int              `json:"kinds"`
		NamespacedKinds    int              `json:"namespacedKinds"`
		KindNames          []string         `json:"kindNames"`
		TerraformPackages  []string         `json:"terraformPackages"`
		TerraformResources []string         `json:"terraformResources"`
		ServicePrefixes    []prefixEntry    `json:"servicePrefixes"`
		PassRole           []serviceEntry   `json:"passRole"`
		ServiceLinkedRoles []serviceEntry   `json:"serviceLinkedRoles"`
		ExcludedPrefixes   []excludedPrefix `json:"excludedPrefixes"`
		Broad              string           `json:"broad"`
		Notes              string           `json:"notes"`
		Sources            []string         `json:"sources"`
	}
	prefixEntry struct {
		Prefix     string `json:"prefix"`
		Incidental bool   `json:"incidental"`
		Uncertain  bool   `json:"uncertain"`
		Reason     string `json:"reason"`
	}
	serviceEntry struct {
		Service   string `json:"service"`
		Uncertain bool   `json:"uncertain"`
		Reason    string `json:"reason"`
	}
	excludedPrefix struct {
		Prefix string `json:"prefix"`
		Reason string `json:"reason"`
	}
)

// The whole of data/iam-service-reference.json.
type serviceReference struct {
	Description string `json:"description"`
	Reference   string `json:"reference"`
	Source      struct {
		Package    string `json:"package"`
		Version    string `json:"version"`
		Date       string `json:"date"`
		Repository string `json:"repository"`
		License    string `json:"license"`
	} `json:"source"`
	Services map[string]string `json:"services"`
	IAM      struct {
		Actions map[string]struct {
			Description   string   `json:"description"`
			AccessLevel   string   `json:"accessLevel"`
			ConditionKeys []string `json:"conditionKeys"`
		} `json:"actions"`
		ConditionKeys map[string]struct {
			Description string `json:"description"`
			Type        string `json:"type"`
		} `json:"conditionKeys"`
	} `json:"iam"`
}

// readStrict decodes the JSON file at path into v and fails the test on a
// field v does not know, so that the types above describe the whole file.
func readStrict(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path) //nolint:gosec // the test's own data
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func readFamilies(t *testing.T) familiesFile {
	t.Helper()
	var f familiesFile
	readStrict(t, filepath.Join("data", "families.json"), &f)
	return f
}

func readReference(t *testing.T) serviceReference {
	t.Helper()
	var r serviceReference
	readStrict(t, filepath.Join("data", "iam-service-reference.json"), &r)
	return r
}

// servicePrincipal is the form of an AWS service principal, the values of
// iam:PassedToService and iam:AWSServiceName.
var servicePrincipal = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$`)

// familyPackage is the name of the package of family: provider-aws-<family>,
// except provider-family-aws's config family.
func familyPackage(family string) string {
	if family == "config" {
		return "provider-family-aws"
	}
	return "provider-aws-" + family
}

// sortedUnique fails the test unless names are sorted and free of
// duplicates and empty names.
func sortedUnique(t *testing.T, what string, names []string) {
	t.Helper()
	for i, n := range names {
		if n == "" {
			t.Errorf("%s: an empty name", what)
		}
		if i > 0 && names[i-1] >= n {
			t.Errorf("%s: %q before %q, want sorted without duplicates", what, names[i-1], n)
		}
	}
}

// TestTableIsWellFormed checks the table's own rules, which the code and the
// README rely on: families sorted and unique, package names that Lookup can
// find, every value with its reason, service principals of the right form,
// and no iam, organizations or sts outside their own families.
func TestTableIsWellFormed(t *testing.T) {
	f := readFamilies(t)
	if f.Description == "" || len(f.Method) == 0 || len(f.SourceNotation) == 0 {
		t.Error("the table must describe itself: description, method, sourceNotation")
	}
	if f.Provider.Module != xpcli.ProviderAWSModule || f.Provider.Commit == "" || f.TerraformProvider.Module == "" || f.TerraformProvider.Version == "" {
		t.Errorf("the table must name the modules it was built from: %+v %+v", f.Provider, f.TerraformProvider)
	}
	families := make([]string, 0, len(f.Families))
	for _, e := range f.Families {
		families = append(families, e.Family)
		t.Run(e.Family, func(t *testing.T) {
			if want := familyPackage(e.Family); e.Package != want {
				t.Errorf("package %q, want %q", e.Package, want)
			}
			if len(e.Sources) == 0 {
				t.Error("no sources")
			}
			var prefixes, passRole, serviceLinked, excluded []string
			for _, p := range e.ServicePrefixes {
				prefixes = append(prefixes, p.Prefix)
				if p.Reason == "" {
					t.Errorf("prefix %s has no reason", p.Prefix)
				}
				if e.Family != p.Prefix && slices.Contains([]string{"iam", "organizations", "sts"}, p.Prefix) {
					t.Errorf("prefix %s outside its own family: it would make the preset administrator- or organisation-wide", p.Prefix)
				}
			}
			for _, s := range e.PassRole {
				passRole = append(passRole, s.Service)
			}
			for _, s := range e.ServiceLinkedRoles {
				serviceLinked = append(serviceLinked, s.Service)
			}
			for _, s := range slices.Concat(e.PassRole, e.ServiceLinkedRoles) {
				if s.Reason == "" {
					t.Errorf("service %s has no reason", s.Service)
				}
				if !servicePrincipal.MatchString(s.Service) {
					t.Errorf("service %q is not a service principal", s.Service)
				}
			}
			for _, x := range e.ExcludedPrefixes {
				excluded = append(excluded, x.Prefix)
				if x.Reason == "" {
					t.Errorf("excluded prefix %s has no reason", x.Prefix)
				}
				if slices.Contains(prefixes, x.Prefix) {
					t.Errorf("prefix %s is both granted and excluded", x.Prefix)
				}
			}
			sortedUnique(t, "servicePrefixes", prefixes)
			sortedUnique(t, "passRole", passRole)
			sortedUnique(t, "serviceLinkedRoles", serviceLinked)
			sortedUnique(t, "excludedPrefixes", excluded)
			sortedUnique(t, "kindNames", e.KindNames)
			sortedUnique(t, "terraformResources", e.TerraformResources)
			if e.Family != "config" && len(prefixes) == 0 {
				t.Error("a family that manages AWS resources needs at least one prefix")
			}
		})
	}
	sortedUnique(t, "families", families)
}

// TestTableUsesOnlyKnownActions checks every statement of every preset
// against the Service Authorization Reference snapshot: a prefix granted as
// <prefix>:* is a service's action prefix, an action granted by name exists
// and accepts the condition keys the statement tests. It also checks the
// prefixes the table excludes on purpose, so that their reasons name real
// services.
func TestTableUsesOnlyKnownActions(t *testing.T) {
	ref := readReference(t)
	for _, p := range All() {
		for _, s := range p.Statements() {
			for _, action := range s.Action {
				prefix, name, ok := strings.Cut(action, ":")
				if !ok {
					t.Errorf("%s: action %q has no service prefix", p.Package, action)
					continue
				}
				if _, ok := ref.Services[prefix]; !ok {
					t.Errorf("%s: %q is not a service prefix of the Service Authorization Reference", p.Package, prefix)
				}
				if name == "*" {
					if len(s.Condition) > 0 {
						t.Errorf("%s: %s is granted with a condition", p.Package, action)
					}
					continue
				}
				known, ok := ref.IAM.Actions[name]
				if prefix != "iam" || !ok {
					t.Errorf("%s: action %s is not in the snapshot", p.Package, action)
					continue
				}
				for _, keys := range s.Condition {
					for key := range keys {
						if !slices.Contains(known.ConditionKeys, key) {
							t.Errorf("%s: %s does not accept the condition key %s", p.Package, action, key)
						}
						if _, ok := ref.IAM.ConditionKeys[key]; !ok {
							t.Errorf("%s: condition key %s is not in the snapshot", p.Package, key)
						}
					}
				}
			}
		}
	}
	for _, e := range readFamilies(t).Families {
		for _, x := range e.ExcludedPrefixes {
			if _, ok := ref.Services[x.Prefix]; !ok {
				t.Errorf("%s: excluded prefix %q is not a service prefix of the Service Authorization Reference", e.Package, x.Prefix)
			}
		}
	}
}

// TestServiceReferenceSnapshot checks what the snapshot must hold for the
// other tests to mean anything: its source, the version that
// hack/iam-data pins, and the iam actions and condition keys the presets
// grant, each action accepting its key.
func TestServiceReferenceSnapshot(t *testing.T) {
	ref := readReference(t)
	if ref.Reference == "" || ref.Source.Package == "" || ref.Source.Date == "" || ref.Source.License == "" {
		t.Errorf("the snapshot must say where it comes from: %+v", ref.Source)
	}
	var pinned struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	b, err := os.ReadFile(filepath.Join("..", "hack", "iam-data", "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &pinned); err != nil {
		t.Fatal(err)
	}
	if v := pinned.Dependencies[ref.Source.Package]; v != ref.Source.Version {
		t.Errorf("hack/iam-data/package.json pins %s %q, but the snapshot is of %q: run npm ci && node convert.mjs there", ref.Source.Package, v, ref.Source.Version)
	}
	if len(ref.Services) < 400 {
		t.Errorf("the snapshot has %d services; the reference has more than 400", len(ref.Services))
	}
	for action, key := range map[string]string{
		ActionPassRole:                ConditionKeyPassedToService,
		ActionCreateServiceLinkedRole: ConditionKeyAWSServiceName,
	} {
		name := strings.TrimPrefix(action, "iam:")
		a, ok := ref.IAM.Actions[name]
		if !ok {
			t.Errorf("%s is not in the snapshot", action)
			continue
		}
		if !slices.Contains(a.ConditionKeys, key) {
			t.Errorf("%s does not accept %s; it accepts %v", action, key, a.ConditionKeys)
		}
		if k, ok := ref.IAM.ConditionKeys[key]; !ok || k.Type != "String" {
			t.Errorf("condition key %s is not a String key of the snapshot: %+v", key, k)
		}
	}
}

// crdHead is the part of a CRD file up to its versions, which is all the
// coverage test needs: provider-aws's CRDs take about 100 MB in all.
func crdHead(path string) ([]byte, error) {
	f, err := os.Open(path) //nolint:gosec // a file of the provider-aws module
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var head bytes.Buffer
	s := bufio.NewScanner(f)
	s.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for s.Scan() {
		if s.Text() == "  versions:" {
			return head.Bytes(), nil
		}
		head.Write(s.Bytes())
		head.WriteByte('\n')
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s has no spec.versions", path)
}

// TestTableCoversProviderFamilies checks the table against the CRDs of the
// provider-aws version the project targets, fetched through the module
// proxy: every API group <family>.aws.upbound.io and
// <family>.aws.m.upbound.io has its family in the table (aws.upbound.io and
// aws.m.upbound.io are provider-family-aws's config family), with the same
// groups, kinds and kind names, and the table has no other family.
func TestTableCoversProviderFamilies(t *testing.T) {
	f := readFamilies(t)
	if f.Provider.Version != xpcli.ProviderAWSVersion || ProviderVersion() != xpcli.ProviderAWSVersion {
		t.Fatalf("the table is of provider-aws %s, the project targets %s", f.Provider.Version, xpcli.ProviderAWSVersion)
	}
	dir, err := xpcli.ModuleDir(context.Background(), xpcli.ProviderAWSModule, xpcli.ProviderAWSVersion)
	if err != nil {
		t.Fatal(err)
	}
	crds, err := filepath.Glob(filepath.Join(dir, "package", "crds", "*.yaml"))
	if err != nil || len(crds) == 0 {
		t.Fatalf("no CRDs in %s: %v", dir, err)
	}

	// What the CRDs say, per family: the cluster-scoped kinds by name, the
	// namespaced ones by number (the namespaced group adds
	// ClusterProviderConfig to the config family).
	type family struct {
		Group, NamespacedGroup string
		Kinds                  []string
		NamespacedKinds        int
	}
	fromCRDs := map[string]*family{}
	for _, path := range crds {
		head, err := crdHead(path)
		if err != nil {
			t.Fatal(err)
		}
		var crd struct {
			Spec struct {
				Group string `json:"group"`
				Names struct {
					Kind string `json:"kind"`
				} `json:"names"`
			} `json:"spec"`
		}
		if err := yaml.Unmarshal(head, &crd); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		group, kind := crd.Spec.Group, crd.Spec.Names.Kind
		name, namespaced := "", false
		switch {
		case group == "aws.upbound.io":
			name = "config"
		case group == "aws.m.upbound.io":
			name, namespaced = "config", true
		case strings.HasSuffix(group, ".aws.m.upbound.io"):
			name, namespaced = strings.TrimSuffix(group, ".aws.m.upbound.io"), true
		case strings.HasSuffix(group, ".aws.upbound.io"):
			name = strings.TrimSuffix(group, ".aws.upbound.io")
		default:
			t.Errorf("%s: group %q is not provider-aws's", filepath.Base(path), group)
			continue
		}
		fam := fromCRDs[name]
		if fam == nil {
			fam = &family{}
			fromCRDs[name] = fam
		}
		if namespaced {
			fam.NamespacedGroup = group
			fam.NamespacedKinds++
		} else {
			fam.Group = group
			fam.Kinds = append(fam.Kinds, kind)
		}
	}

	inTable := map[string]familyEntry{}
	for _, e := range f.Families {
		inTable[e.Family] = e
	}
	var missing, extra []string
	for name, want := range fromCRDs {
		e, ok := inTable[name]
		if !ok {
			missing = append(missing, name)
			continue
		}
		slices.Sort(want.Kinds)
		got := family{Group: e.Group, NamespacedGroup: e.NamespacedGroup, Kinds: e.KindNames, NamespacedKinds: e.NamespacedKinds}
		if diff := cmp.Diff(*want, got); diff != "" {
			t.Errorf("%s: the table differs from the CRDs: -CRDs, +table:\n%s", name, diff)
		}
		if e.Kinds != len(e.KindNames) {
			t.Errorf("%s: kinds is %d, but kindNames has %d", name, e.Kinds, len(e.KindNames))
		}
	}
	for name := range inTable {
		if _, ok := fromCRDs[name]; !ok {
			extra = append(extra, name)
		}
	}
	slices.Sort(missing)
	slices.Sort(extra)
	if len(missing) > 0 {
		t.Errorf("families of provider-aws %s missing from the table: %v", xpcli.ProviderAWSVersion, missing)
	}
	if len(extra) > 0 {
		t.Errorf("families in the table that provider-aws %s does not have: %v", xpcli.ProviderAWSVersion, extra)
	}
	t.Logf("%d families from %d CRDs", len(fromCRDs), len(crds))
}
