// Package presets holds the least-privilege IAM presets of the family
// providers of provider-upjet-aws: for every family package, the IAM service
// prefixes its managed resources need, the services it passes roles to and
// the service-linked roles it may create. It turns one family's preset into
// IAM policy statements, and statements into documents within IAM's size
// limits.
//
// The table is data/families.json, which also records where every entry came
// from; it is embedded in the binary and decoded once, on first use. The
// tests check it against the AWS Service Authorization Reference snapshot in
// data/iam-service-reference.json and against the CRD groups of the
// provider-aws version the table was built from. README.md's table is
// generated from it with go generate ./presets.
package presets

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
)

//go:generate go run ./internal/readmegen -readme ../README.md

// familiesJSON is the table, data/families.json.
//
//go:embed data/families.json
var familiesJSON []byte

// A Preset is what one family provider needs from IAM.
type Preset struct {
	// Family is the provider family, the first label of its API groups: s3
	// for s3.aws.upbound.io. provider-family-aws, which owns aws.upbound.io,
	// is the family config.
	Family string
	// Package is the family's package name, the last path segment of its OCI
	// reference without tag or digest: provider-aws-s3.
	Package string
	// ServicePrefixes are the IAM service prefixes the family's managed
	// resources need, sorted by name; each is granted as <prefix>:*.
	ServicePrefixes []ServicePrefix
	// PassRoleServices are the service principals the family passes roles to,
	// sorted: iam:PassRole is allowed when iam:PassedToService is one of them.
	PassRoleServices []string
	// ServiceLinkedRoleServices are the service principals whose
	// service-linked roles the family may create, sorted:
	// iam:CreateServiceLinkedRole is allowed when iam:AWSServiceName is one of
	// them.
	ServiceLinkedRoleServices []string
	// Broad says why the preset is necessarily broader than the family's
	// resources strictly need, or cannot be complete; empty when neither.
	Broad string
}

// A ServicePrefix is an IAM service prefix of a preset.
type ServicePrefix struct {
	// Name is the prefix, as in the actions <Name>:*: s3, elasticloadbalancing.
	Name string
	// Incidental is true when the family's Terraform resources do not call
	// this service themselves, but the family's service checks or calls it
	// with the caller's permissions: the subnets and security groups of a VPC
	// configuration, log delivery, the targets of scaling policies.
	Incidental bool
}

// Empty is true when the preset needs no AWS permissions at all, as
// provider-family-aws's.
func (p Preset) Empty() bool {
	return len(p.ServicePrefixes) == 0 && len(p.PassRoleServices) == 0 && len(p.ServiceLinkedRoleServices) == 0
}

// clone returns p with slices of its own, so that callers cannot change the
// table.
func (p Preset) clone() Preset {
	p.ServicePrefixes = slices.Clone(p.ServicePrefixes)
	p.PassRoleServices = slices.Clone(p.PassRoleServices)
	p.ServiceLinkedRoleServices = slices.Clone(p.ServiceLinkedRoleServices)
	return p
}

// tableFile is the part of data/families.json the function uses; the rest
// (kinds, Terraform resources, reasons, sources) is the entries' provenance,
// read by the tests.
type tableFile struct {
	Provider struct {
		Version string `json:"version"`
	} `json:"provider"`
	Families []struct {
		Family          string `json:"family"`
		Package         string `json:"package"`
		ServicePrefixes []struct {
			Prefix     string `json:"prefix"`
			Incidental bool   `json:"incidental"`
		} `json:"servicePrefixes"`
		PassRole []struct {
			Service string `json:"service"`
		} `json:"passRole"`
		ServiceLinkedRoles []struct {
			Service string `json:"service"`
		} `json:"serviceLinkedRoles"`
		Broad string `json:"broad"`
	} `json:"families"`
}

// A table is the decoded data/families.json.
type table struct {
	providerVersion string
	presets         []Preset       // sorted by family
	byPackage       map[string]int // package name -> index in presets
}

// loadTable decodes the embedded table once, on first use: the function pays
// for it only if a preset is asked for.
var loadTable = sync.OnceValue(func() table {
	t, err := decodeTable(familiesJSON)
	if err != nil {
		// The file is embedded at build time and the tests decode it, so
		// this is a broken build, not a runtime condition.
		panic(err)
	}
	return t
})

// decodeTable turns the JSON of data/families.json into a table.
func decodeTable(b []byte) (table, error) {
	var f tableFile
	if err := json.Unmarshal(b, &f); err != nil {
		return table{}, fmt.Errorf("cannot decode the presets table: %w", err)
	}
	// The file lists the families sorted by name (the tests check it), so
	// the presets keep its order.
	t := table{
		providerVersion: f.Provider.Version,
		presets:         make([]Preset, 0, len(f.Families)),
		byPackage:       make(map[string]int, len(f.Families)),
	}
	for _, e := range f.Families {
		p := Preset{Family: e.Family, Package: e.Package, Broad: e.Broad}
		for _, sp := range e.ServicePrefixes {
			p.ServicePrefixes = append(p.ServicePrefixes, ServicePrefix{Name: sp.Prefix, Incidental: sp.Incidental})
		}
		for _, s := range e.PassRole {
			p.PassRoleServices = append(p.PassRoleServices, s.Service)
		}
		for _, s := range e.ServiceLinkedRoles {
			p.ServiceLinkedRoleServices = append(p.ServiceLinkedRoleServices, s.Service)
		}
		if _, dup := t.byPackage[p.Package]; dup {
			return table{}, fmt.Errorf("the presets table lists package %s twice", p.Package)
		}
		t.byPackage[p.Package] = len(t.presets)
		t.presets = append(t.presets, p)
	}
	return t, nil
}

// ProviderVersion is the version of provider-aws whose families the table
// describes, e.g. v2.5.0.
func ProviderVersion() string {
	return loadTable().providerVersion
}

// All returns every preset of the table, sorted by family.
func All() []Preset {
	t := loadTable()
	out := make([]Preset, len(t.presets))
	for i, p := range t.presets {
		out[i] = p.clone()
	}
	return out
}

// Lookup returns the preset of a provider package, given as an OCI reference
// such as xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0, or as its bare
// name. It is found by the package's name, the last path segment without tag
// or digest, so that the same package mirrored to another registry or
// pinned by digest has the same preset; the version is not considered, since
// a family's services do not change between versions. provider-family-aws
// has an Empty preset. The monolithic provider-aws is not a family package
// and has none.
func Lookup(pkg string) (Preset, bool) {
	t := loadTable()
	i, ok := t.byPackage[packageName(pkg)]
	if !ok {
		return Preset{}, false
	}
	return t.presets[i].clone(), true
}

// packageName is the last path segment of an OCI reference without its tag
// or digest: provider-aws-s3 of xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0
// or of .../provider-aws-s3@sha256:.... A registry's port (localhost:5000/...)
// sits before the last slash and is never mistaken for a tag.
func packageName(ref string) string {
	name := ref[strings.LastIndexByte(ref, '/')+1:]
	if i := strings.IndexAny(name, "@:"); i >= 0 {
		name = name[:i]
	}
	return name
}
