package presets

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLookup(t *testing.T) {
	s3 := Preset{
		Family:           "s3",
		Package:          "provider-aws-s3",
		ServicePrefixes:  []ServicePrefix{{Name: "s3"}, {Name: "s3express"}},
		PassRoleServices: []string{"s3.amazonaws.com"},
	}
	cases := map[string]struct {
		reason string
		pkg    string
		want   Preset
		wantOK bool
	}{
		"UpboundWithTag": {
			reason: "The README's and the guide's form of a family package finds its family.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0",
			want:   s3,
			wantOK: true,
		},
		"Digest": {
			reason: "A package pinned by digest is the same package.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws-s3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			want:   s3,
			wantOK: true,
		},
		"TagAndDigest": {
			reason: "A tag followed by a digest is cut at the tag.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws-s3:v2.5.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			want:   s3,
			wantOK: true,
		},
		"MirrorWithPort": {
			reason: "A mirror's registry port is not mistaken for a tag, and the registry does not matter.",
			pkg:    "registry.internal:5000/mirror/upbound/provider-aws-s3:v2.5.0",
			want:   s3,
			wantOK: true,
		},
		"BareName": {
			reason: "A package's bare name finds its family.",
			pkg:    "provider-aws-s3",
			want:   s3,
			wantOK: true,
		},
		"NameDiffersFromPrefix": {
			reason: "elbv2's actions are elasticloadbalancing:*, and Terraform also calls EC2 when deleting load balancers.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws-elbv2:v2.5.0",
			want: Preset{
				Family:          "elbv2",
				Package:         "provider-aws-elbv2",
				ServicePrefixes: []ServicePrefix{{Name: "ec2"}, {Name: "elasticloadbalancing"}},
				ServiceLinkedRoleServices: []string{
					"elasticloadbalancing.amazonaws.com",
				},
			},
			wantOK: true,
		},
		"FamilyProvider": {
			reason: "provider-family-aws calls no AWS API: its preset is empty, but it has one.",
			pkg:    "xpkg.upbound.io/upbound/provider-family-aws:v2.5.0",
			want:   Preset{Family: "config", Package: "provider-family-aws"},
			wantOK: true,
		},
		"Monolith": {
			reason: "The deprecated monolithic provider-aws is not a family package.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws:v1.23.0",
			wantOK: false,
		},
		"UnknownFamily": {
			reason: "A family that is not in the table has no preset.",
			pkg:    "xpkg.upbound.io/upbound/provider-aws-nosuchservice:v2.5.0",
			wantOK: false,
		},
		"OtherProvider": {
			reason: "A package of another cloud has no preset.",
			pkg:    "xpkg.upbound.io/upbound/provider-gcp-storage:v2.0.0",
			wantOK: false,
		},
		"FamilyInPathOnly": {
			reason: "Only the last path segment names the package.",
			pkg:    "example.com/provider-aws-s3/other:v1",
			wantOK: false,
		},
		"Empty": {
			reason: "An empty reference has no preset.",
			pkg:    "",
			wantOK: false,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, ok := Lookup(tc.pkg)
			if ok != tc.wantOK {
				t.Errorf("%s\nLookup(%q): ok = %v, want %v", tc.reason, tc.pkg, ok, tc.wantOK)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\nLookup(%q): -want, +got:\n%s", tc.reason, tc.pkg, diff)
			}
		})
	}
}

// TestLookupReturnsACopy shows that a caller changing a preset it was given
// does not change the table.
func TestLookupReturnsACopy(t *testing.T) {
	p, _ := Lookup("provider-aws-s3")
	p.ServicePrefixes[0].Name = "changed"
	p.PassRoleServices[0] = "changed"
	all := All()
	for i := range all {
		if all[i].Family == "s3" {
			all[i].ServicePrefixes[0].Name = "changed"
		}
	}
	again, _ := Lookup("provider-aws-s3")
	if again.ServicePrefixes[0].Name != "s3" || again.PassRoleServices[0] != "s3.amazonaws.com" {
		t.Errorf("changing a returned preset changed the table: %+v", again)
	}
}

func TestAll(t *testing.T) {
	all := All()
	if len(all) == 0 {
		t.Fatal("All() returned no presets")
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Family >= all[i].Family {
			t.Errorf("All() is not sorted by family, or repeats one: %s before %s", all[i-1].Family, all[i].Family)
		}
	}
	for _, p := range all {
		got, ok := Lookup(p.Package)
		if !ok || got.Family != p.Family {
			t.Errorf("Lookup(%q) = %q, %v; want family %q", p.Package, got.Family, ok, p.Family)
		}
	}
}

func TestEmpty(t *testing.T) {
	cases := map[string]struct {
		reason string
		preset Preset
		want   bool
	}{
		"Nothing": {
			reason: "A preset without prefixes, roles to pass or service-linked roles needs nothing.",
			preset: Preset{Family: "config"},
			want:   true,
		},
		"Prefixes": {
			reason: "A service prefix is a permission.",
			preset: Preset{ServicePrefixes: []ServicePrefix{{Name: "s3"}}},
		},
		"PassRoleOnly": {
			reason: "iam:PassRole alone is a permission.",
			preset: Preset{PassRoleServices: []string{"s3.amazonaws.com"}},
		},
		"ServiceLinkedRoleOnly": {
			reason: "iam:CreateServiceLinkedRole alone is a permission.",
			preset: Preset{ServiceLinkedRoleServices: []string{"elasticloadbalancing.amazonaws.com"}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := tc.preset.Empty(); got != tc.want {
				t.Errorf("%s\nEmpty() = %v, want %v", tc.reason, got, tc.want)
			}
		})
	}
}

func TestDecodeTable(t *testing.T) {
	cases := map[string]struct {
		reason  string
		json    string
		want    table
		wantErr bool
	}{
		"Entries": {
			reason: "Every field the function uses is read, in the file's order; the rest is provenance and ignored.",
			json: `{"provider":{"module":"m","version":"v1.0.0"},"families":[
				{"family":"a","package":"provider-aws-a","kinds":1,"servicePrefixes":[{"prefix":"a","incidental":false,"reason":"r"},{"prefix":"ec2","incidental":true,"reason":"r"}],
				 "passRole":[{"service":"a.amazonaws.com","reason":"r"}],"serviceLinkedRoles":[{"service":"b.amazonaws.com","reason":"r"}],"broad":"why","sources":["x"]},
				{"family":"config","package":"provider-family-aws","servicePrefixes":[],"passRole":[],"serviceLinkedRoles":[],"broad":""}]}`,
			want: table{
				providerVersion: "v1.0.0",
				presets: []Preset{
					{
						Family:                    "a",
						Package:                   "provider-aws-a",
						ServicePrefixes:           []ServicePrefix{{Name: "a"}, {Name: "ec2", Incidental: true}},
						PassRoleServices:          []string{"a.amazonaws.com"},
						ServiceLinkedRoleServices: []string{"b.amazonaws.com"},
						Broad:                     "why",
					},
					{Family: "config", Package: "provider-family-aws"},
				},
				byPackage: map[string]int{"provider-aws-a": 0, "provider-family-aws": 1},
			},
		},
		"DuplicatePackage": {
			reason:  "Two entries for one package would make Lookup depend on the file's order.",
			json:    `{"families":[{"family":"a","package":"provider-aws-a"},{"family":"b","package":"provider-aws-a"}]}`,
			wantErr: true,
		},
		"NotJSON": {
			reason:  "A broken file is an error, not an empty table.",
			json:    `{"families":[`,
			wantErr: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := decodeTable([]byte(tc.json))
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\ndecodeTable(): error %v, want error %v", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(table{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\ndecodeTable(): -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}
