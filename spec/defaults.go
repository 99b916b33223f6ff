package spec

import (
	"strings"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// Defaults the guide uses.
const (
	DefaultServiceAccountNamespace = "crossplane-system"
	DefaultRoleDescription         = "IAM role for Crossplane AWS Provider using EKS Pod Identity"
	DefaultProviderConfigName      = "default"
	DefaultProviderConfigNamespace = "default"
	// DefaultManagedNamespace is where namespaced managed resources go
	// unless the Input says otherwise: Crossplane's own namespace, beside the
	// providers.
	DefaultManagedNamespace = "crossplane-system"
	// TargetRolePolicyName is the inline policy that lets the association's
	// role assume its target role; no inline policy of the shared role may
	// have its name.
	TargetRolePolicyName = "crossplane-pod-identity-target-role"
)

// The Input's apiVersion and kind.
const (
	InputAPIVersion = "podidentity.fn.crossplane.io/v1beta1"
	InputKind       = "Input"
)

// SetDefaults fills in what the platform team left out of the XR. Every
// default derives from the XR's name or the cluster, so that two XRs never
// collide, and every default is valid when what it derives from is.
func SetDefaults(xr *XPodIdentity, in *v1beta1.Input) {
	s := &xr.Spec
	if s.ServiceAccount.Name == "" {
		s.ServiceAccount.Name = xr.Name
	}
	if s.ServiceAccount.Namespace == "" {
		s.ServiceAccount.Namespace = DefaultServiceAccountNamespace
	}
	if s.Role.Name == "" {
		s.Role.Name, s.Role.nameDefaulted = DefaultRoleName(s.ClusterName, s.Region, xr.Name), true
	}
	if s.Role.Description == "" {
		s.Role.Description = DefaultRoleDescription
	}
	if s.Role.TrustScope == "" {
		s.Role.TrustScope = TrustScopeAny
	}
	if s.Role.Permissions == "" {
		s.Role.Permissions = PermissionsNone
	}
	if s.RuntimeConfig.Name == "" {
		s.RuntimeConfig.Name = xr.Name
	}
	if s.ProviderConfigs == nil {
		pc := ProviderConfig{Name: DefaultProviderConfigName}
		if in.ManagedResources.API == v1beta1.APINamespaced {
			pc.Namespace = DefaultProviderConfigNamespace
		}
		s.ProviderConfigs = []ProviderConfig{pc}
	}
	for i := range s.ProviderConfigs {
		if s.ProviderConfigs[i].Kind == "" {
			s.ProviderConfigs[i].Kind = KindProviderConfig
		}
	}
	for i := range s.Providers {
		pr := &s.Providers[i]
		if pr.Name == "" {
			pr.Name, pr.nameDefaulted = ProviderName(pr.Package), true
		}
		if pr.Permissions == "" {
			pr.Permissions = PermissionsNone
		}
	}
}

// SetInputDefaults fills in what the platform team left out of the Input.
// No Input at all is an Input of defaults.
func SetInputDefaults(in *v1beta1.Input) {
	mr := &in.ManagedResources
	if mr.API == "" {
		mr.API = v1beta1.APINamespaced
	}
	if mr.Namespace == "" {
		mr.Namespace = DefaultManagedNamespace
	}
	if mr.DeletionPolicy == "" {
		mr.DeletionPolicy = v1beta1.DeletionDelete
	}
	if ref := mr.ProviderConfigRef; ref != nil && ref.Kind == "" {
		ref.Kind = DefaultProviderConfigRefKind(mr.API)
	}
}

// DefaultProviderConfigRefKind is the kind a managed resource's
// providerConfigRef means when it names none.
func DefaultProviderConfigRefKind(api v1beta1.API) string {
	if api == v1beta1.APICluster {
		return KindProviderConfig
	}
	return KindClusterProviderConfig
}

// DefaultRoleName names the IAM role after the cluster, its region and the
// XR. IAM role names are global to an account, EKS cluster names only to a
// region: two clusters prod in two regions of one account must not share a
// role.
func DefaultRoleName(clusterName, region, xrName string) string {
	return Shorten(clusterName+"-"+region+"-"+xrName, aws.MaxRoleNameLength)
}

// LegacyDefaultRoleName is the default role name of the first release,
// <clusterName>-<XR name>: a role already created under it keeps it, since
// a new name would replace the role.
func LegacyDefaultRoleName(clusterName, xrName string) string {
	return Shorten(clusterName+"-"+xrName, aws.MaxRoleNameLength)
}

// NameDefaulted tells whether the role's name was derived rather than
// written by the user.
func (r Role) NameDefaulted() bool {
	return r.nameDefaulted
}

// ProviderName derives a Provider's name from its package: the last path
// segment without tag or digest, e.g. provider-aws-s3 from
// xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0.
func ProviderName(pkg string) string {
	name := pkg[strings.LastIndexByte(pkg, '/')+1:]
	if i := strings.IndexAny(name, "@:"); i >= 0 {
		name = name[:i]
	}
	return name
}

// ProviderFamily returns the provider-aws family a provider package belongs
// to, "s3" for xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0, and false for
// a package that is no family of provider-aws.
func ProviderFamily(pkg string) (string, bool) {
	family, ok := strings.CutPrefix(ProviderName(pkg), "provider-aws-")
	return family, ok && family != ""
}
