package main

import (
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// Defaults the guide uses.
const (
	defaultServiceAccountNamespace = "crossplane-system"
	defaultRoleDescription         = "IAM role for Crossplane AWS Provider using EKS Pod Identity"
	defaultProviderConfigName      = "default"
	defaultProviderConfigNamespace = "default"
)

// ProviderConfig kinds of provider-aws.
const (
	kindProviderConfig        = "ProviderConfig"
	kindClusterProviderConfig = "ClusterProviderConfig"
)

// Spec is the XR's spec: what the platform team asked for. The XR's group,
// version and kind do not matter; only these fields do.
type Spec struct {
	ClusterName     string
	Region          string
	ServiceAccount  ServiceAccount
	Role            RoleSpec
	Association     AssociationSpec
	RuntimeConfig   RuntimeConfigSpec
	ProviderConfigs []ProviderConfigSpec
	Providers       []ProviderSpec
	Agent           AgentSpec
}

// ServiceAccount is the Kubernetes ServiceAccount the providers run as and the
// association matches.
type ServiceAccount struct {
	Name      string
	Namespace string
}

// RoleSpec is the IAM role the providers assume.
type RoleSpec struct {
	Name                   string
	Path                   string
	Description            string
	MaxSessionDuration     *int64
	PermissionsBoundaryArn string
	PolicyArns             []string
	InlinePolicies         []InlinePolicy
	Tags                   map[string]string
	TrustScope             string
}

// An InlinePolicy is a policy document embedded in the role.
type InlinePolicy struct {
	Name     string
	Document string
}

// AssociationSpec is the EKS Pod Identity association's optional settings.
type AssociationSpec struct {
	TargetRoleArn      string
	DisableSessionTags bool
	Tags               map[string]string
}

// RuntimeConfigSpec is the DeploymentRuntimeConfig the providers reference.
type RuntimeConfigSpec struct {
	Name string
}

// ProviderConfigSpec is one provider-aws ProviderConfig that authenticates
// with Pod Identity.
type ProviderConfigSpec struct {
	Kind            string
	Name            string
	Namespace       string
	AssumeRoleChain []AssumeRole
}

// AssumeRole is one role the provider assumes after authenticating.
type AssumeRole struct {
	RoleARN           string
	ExternalID        string
	Tags              []SessionTag
	TransitiveTagKeys []string
}

// A SessionTag is an STS session tag.
type SessionTag struct {
	Key   string
	Value string
}

// Trust scopes: how far the trust policy narrows who may assume the role,
// each adding a condition on a session tag EKS Pod Identity sets.
const (
	trustScopeAny            = "Any"
	trustScopeCluster        = "Cluster"
	trustScopeNamespace      = "Namespace"
	trustScopeServiceAccount = "ServiceAccount"
)

// ProviderSpec is one provider package that runs with the credentials.
type ProviderSpec struct {
	Package string
	Name    string
	// Isolated gives the provider its own ServiceAccount, role, association
	// and DeploymentRuntimeConfig (the guide's Option B).
	Isolated       bool
	PolicyArns     []string
	InlinePolicies []InlinePolicy
}

// AgentSpec asks for the eks-pod-identity-agent add-on (the guide's step 1).
type AgentSpec struct {
	Install bool
	Version string
}

// readSpec reads the XR's spec. Fields the function does not know are errors
// inside its own objects, but allowed at the top of spec, where Crossplane and
// other pipeline steps keep theirs.
func readSpec(spec *structpb.Value) (Spec, field.ErrorList) {
	d := &decoder{}
	p := field.NewPath("spec")
	f := d.object(spec, p)

	s := Spec{
		ClusterName: d.str(f["clusterName"], p.Child("clusterName")),
		Region:      d.str(f["region"], p.Child("region")),
	}

	sp := p.Child("serviceAccount")
	sa := d.object(f["serviceAccount"], sp, "name", "namespace")
	s.ServiceAccount = ServiceAccount{
		Name:      d.str(sa["name"], sp.Child("name")),
		Namespace: d.str(sa["namespace"], sp.Child("namespace")),
	}

	s.Role = readRole(d, f["role"], p.Child("role"))

	ap := p.Child("association")
	a := d.object(f["association"], ap, "targetRoleArn", "disableSessionTags", "tags")
	s.Association = AssociationSpec{
		TargetRoleArn:      d.str(a["targetRoleArn"], ap.Child("targetRoleArn")),
		DisableSessionTags: d.boolean(a["disableSessionTags"], ap.Child("disableSessionTags")),
		Tags:               d.stringMap(a["tags"], ap.Child("tags")),
	}

	rp := p.Child("runtimeConfig")
	rc := d.object(f["runtimeConfig"], rp, "name")
	s.RuntimeConfig = RuntimeConfigSpec{Name: d.str(rc["name"], rp.Child("name"))}

	s.ProviderConfigs = readProviderConfigs(d, f["providerConfigs"], p.Child("providerConfigs"))
	s.Providers = readProviders(d, f["providers"], p.Child("providers"))

	gp := p.Child("agent")
	g := d.object(f["agent"], gp, "install", "version")
	s.Agent = AgentSpec{Install: d.boolean(g["install"], gp.Child("install")), Version: d.str(g["version"], gp.Child("version"))}

	return s, d.errs
}

func readRole(d *decoder, v *structpb.Value, p *field.Path) RoleSpec {
	f := d.object(v, p, "name", "path", "description", "maxSessionDuration", "permissionsBoundaryArn", "policyArns", "inlinePolicies", "tags", "trustScope")
	r := RoleSpec{
		TrustScope:             d.str(f["trustScope"], p.Child("trustScope")),
		Name:                   d.str(f["name"], p.Child("name")),
		Path:                   d.str(f["path"], p.Child("path")),
		Description:            d.str(f["description"], p.Child("description")),
		MaxSessionDuration:     d.integer(f["maxSessionDuration"], p.Child("maxSessionDuration")),
		PermissionsBoundaryArn: d.str(f["permissionsBoundaryArn"], p.Child("permissionsBoundaryArn")),
		PolicyArns:             d.strings(f["policyArns"], p.Child("policyArns")),
		Tags:                   d.stringMap(f["tags"], p.Child("tags")),
	}
	r.InlinePolicies = readInlinePolicies(d, f["inlinePolicies"], p.Child("inlinePolicies"))
	return r
}

func readInlinePolicies(d *decoder, v *structpb.Value, p *field.Path) []InlinePolicy {
	items, _ := d.list(v, p)
	if len(items) == 0 {
		return nil
	}
	out := make([]InlinePolicy, 0, len(items))
	for i, item := range items {
		pp := p.Index(i)
		f := d.object(item, pp, "name", "document")
		out = append(out, InlinePolicy{
			Name:     d.str(f["name"], pp.Child("name")),
			Document: d.str(f["document"], pp.Child("document")),
		})
	}
	return out
}

func readProviders(d *decoder, v *structpb.Value, p *field.Path) []ProviderSpec {
	items, _ := d.list(v, p)
	if len(items) == 0 {
		return nil
	}
	out := make([]ProviderSpec, 0, len(items))
	for i, item := range items {
		pp := p.Index(i)
		f := d.object(item, pp, "package", "name", "isolated", "policyArns", "inlinePolicies")
		out = append(out, ProviderSpec{
			Package:        d.str(f["package"], pp.Child("package")),
			Name:           d.str(f["name"], pp.Child("name")),
			Isolated:       d.boolean(f["isolated"], pp.Child("isolated")),
			PolicyArns:     d.strings(f["policyArns"], pp.Child("policyArns")),
			InlinePolicies: readInlinePolicies(d, f["inlinePolicies"], pp.Child("inlinePolicies")),
		})
	}
	return out
}

// readProviderConfigs returns nil when the field is absent, so that the
// default applies, and an empty list when the platform asked for none.
func readProviderConfigs(d *decoder, v *structpb.Value, p *field.Path) []ProviderConfigSpec {
	items, given := d.list(v, p)
	if !given {
		return nil
	}
	out := make([]ProviderConfigSpec, 0, len(items))
	for i, item := range items {
		pp := p.Index(i)
		f := d.object(item, pp, "kind", "name", "namespace", "assumeRoleChain")
		pc := ProviderConfigSpec{
			Kind:      d.str(f["kind"], pp.Child("kind")),
			Name:      d.str(f["name"], pp.Child("name")),
			Namespace: d.str(f["namespace"], pp.Child("namespace")),
		}
		cp := pp.Child("assumeRoleChain")
		links, _ := d.list(f["assumeRoleChain"], cp)
		for j, link := range links {
			lp := cp.Index(j)
			lf := d.object(link, lp, "roleARN", "externalID", "tags", "transitiveTagKeys")
			ar := AssumeRole{
				RoleARN:           d.str(lf["roleARN"], lp.Child("roleARN")),
				ExternalID:        d.str(lf["externalID"], lp.Child("externalID")),
				TransitiveTagKeys: d.strings(lf["transitiveTagKeys"], lp.Child("transitiveTagKeys")),
			}
			tp := lp.Child("tags")
			tags, _ := d.list(lf["tags"], tp)
			for k, tag := range tags {
				kp := tp.Index(k)
				tf := d.object(tag, kp, "key", "value")
				ar.Tags = append(ar.Tags, SessionTag{Key: d.str(tf["key"], kp.Child("key")), Value: d.str(tf["value"], kp.Child("value"))})
			}
			pc.AssumeRoleChain = append(pc.AssumeRoleChain, ar)
		}
		out = append(out, pc)
	}
	return out
}

// withDefaults fills in what the platform team left out. Every default derives
// from the XR's name or the cluster, so that two XRs never collide, and every
// default is valid by construction: validation runs on what the user wrote.
func (s Spec) withDefaults(xrName string, api v1beta1.API) Spec {
	if s.ServiceAccount.Name == "" {
		s.ServiceAccount.Name = xrName
	}
	if s.ServiceAccount.Namespace == "" {
		s.ServiceAccount.Namespace = defaultServiceAccountNamespace
	}
	if s.Role.Name == "" {
		s.Role.Name = defaultRoleName(s.ClusterName, xrName)
	}
	if s.Role.Description == "" {
		s.Role.Description = defaultRoleDescription
	}
	if s.Role.TrustScope == "" {
		s.Role.TrustScope = trustScopeAny
	}
	if s.RuntimeConfig.Name == "" {
		s.RuntimeConfig.Name = xrName
	}
	if s.ProviderConfigs == nil {
		s.ProviderConfigs = []ProviderConfigSpec{{Kind: kindProviderConfig, Name: defaultProviderConfigName}}
		if api == v1beta1.APINamespaced {
			s.ProviderConfigs[0].Namespace = defaultProviderConfigNamespace
		}
	}
	pcs := make([]ProviderConfigSpec, len(s.ProviderConfigs))
	for i, pc := range s.ProviderConfigs {
		if pc.Kind == "" {
			pc.Kind = kindProviderConfig
		}
		pcs[i] = pc
	}
	s.ProviderConfigs = pcs

	if len(s.Providers) > 0 {
		providers := make([]ProviderSpec, len(s.Providers))
		for i, pr := range s.Providers {
			if pr.Name == "" {
				pr.Name = providerNameOf(pr.Package)
			}
			providers[i] = pr
		}
		s.Providers = providers
	}
	return s
}
