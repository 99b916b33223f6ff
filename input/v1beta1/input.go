// Package v1beta1 contains the input type for function-pod-identity.
// +kubebuilder:object:generate=true
// +groupName=podidentity.fn.crossplane.io
// +versionName=v1beta1
package v1beta1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// An API selects which family of provider-aws managed resources is composed.
// +kubebuilder:validation:Enum=Namespaced;Cluster
type API string

// The managed-resource APIs provider-aws v2 serves.
const (
	// APINamespaced composes the namespaced *.aws.m.upbound.io kinds of
	// Crossplane v2.
	APINamespaced API = "Namespaced"
	// APICluster composes the legacy cluster-scoped *.aws.upbound.io kinds.
	APICluster API = "Cluster"
)

// A DeletionPolicy says what happens to the AWS resources when the XR is
// deleted.
// +kubebuilder:validation:Enum=Delete;Orphan
type DeletionPolicy string

// Deletion policies.
const (
	// DeletionDelete deletes the IAM role and the association with the XR.
	DeletionDelete DeletionPolicy = "Delete"
	// DeletionOrphan keeps them in AWS when the XR is deleted.
	DeletionOrphan DeletionPolicy = "Orphan"
)

// Input configures how function-pod-identity composes managed resources. It
// is set by the platform team in the Composition; every field is optional.
// +kubebuilder:object:root=true
// +kubebuilder:storageversion
// +kubebuilder:resource:categories=crossplane
type Input struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	// ManagedResources configures the AWS managed resources the function
	// composes: the IAM role, its policies and the Pod Identity association.
	// +optional
	ManagedResources ManagedResources `json:"managedResources,omitempty"`

	// Guardrails are the platform team's limits on what an XR may ask for.
	// +optional
	Guardrails Guardrails `json:"guardrails,omitempty"`

	// Quotas are the AWS account's IAM quotas where they were raised above
	// AWS's defaults.
	// +optional
	Quotas Quotas `json:"quotas,omitempty"`
}

// Quotas are IAM quotas of the AWS account the roles are created in.
type Quotas struct {
	// ManagedPoliciesPerRole is how many managed policies the account lets a
	// role have attached: 10 unless a quota increase raised it, to at most
	// 20.
	// +optional
	// +kubebuilder:validation:Minimum=1
	// +kubebuilder:validation:Maximum=20
	ManagedPoliciesPerRole *int64 `json:"managedPoliciesPerRole,omitempty"`
}

// Guardrails limit the IAM permissions an XR may ask for.
type Guardrails struct {
	// AllowedPolicyArns are glob patterns of the managed policies an XR may
	// attach, to its role or to an isolated provider's role; '*' matches any
	// run of characters, '/' included, and '?' any one character. Unset, any
	// policy may be attached; a policy outside the patterns is a Fatal result
	// naming it.
	// +optional
	AllowedPolicyArns []string `json:"allowedPolicyArns,omitempty"`

	// RequirePermissionsBoundary makes spec.role.permissionsBoundaryArn
	// required, so that no role the function creates is unbounded.
	// +optional
	RequirePermissionsBoundary bool `json:"requirePermissionsBoundary,omitempty"`

	// AllowedPermissionsBoundaryArns are glob patterns of the policies an XR
	// may set as spec.role.permissionsBoundaryArn. Unset, any policy may.
	// +optional
	AllowedPermissionsBoundaryArns []string `json:"allowedPermissionsBoundaryArns,omitempty"`

	// AllowedRoles are glob patterns of the IAM roles an XR may compose:
	// the shared role and every isolated provider's own role, each written
	// as its path followed by its name, e.g. "/crossplane/team-a-*" (the
	// path is "/" unless spec.role.path says otherwise). A pattern is split
	// at its last '/': the part before matches the role's path, the part
	// after its name, compared without case as IAM compares names; '*'
	// matches any run of characters, '?' any one. A role whose name exists
	// in the account, under any path, is taken over with the policies it
	// has, so the name part is what fences: keep its prefixes for this
	// function's roles. The managed policies of presets are named after
	// their role and are fenced with it. Unset, any role.
	// +optional
	AllowedRoles []string `json:"allowedRoles,omitempty"`

	// AllowedActions are glob patterns of the IAM actions, e.g. "s3:*" or
	// "ec2:Describe*", that inline policies and presets may allow: every
	// action of every Allow statement must match one, compared without case
	// as IAM does, and an Allow statement with NotAction is refused. An
	// action's own wildcards count as IAM reads them: only a '*' of a pattern
	// covers a '*' of the action. When allowedPolicyArns is set and
	// allowedActions is not, inline policies, presets and targetRoleArn are
	// refused, so that the managed-policy guardrail cannot be bypassed.
	// +optional
	AllowedActions []string `json:"allowedActions,omitempty"`

	// AllowedAccounts are glob patterns of the 12-digit AWS accounts whose
	// roles spec.association.targetRoleArn and every role of an
	// assumeRoleChain may name. Unset, any account.
	// +optional
	AllowedAccounts []string `json:"allowedAccounts,omitempty"`

	// AllowedPackages are glob patterns of the Provider packages
	// spec.providers may install, e.g. "xpkg.upbound.io/upbound/provider-aws-*".
	// Unset, any package.
	// +optional
	AllowedPackages []string `json:"allowedPackages,omitempty"`

	// AllowedProviderConfigs are glob patterns of the ProviderConfigs an XR
	// may compose, written "ClusterProviderConfig/<name>" or
	// "ProviderConfig/<namespace>/<name>" ("ProviderConfig/<name>" in the
	// legacy Cluster API). Unset, any.
	// +optional
	AllowedProviderConfigs []string `json:"allowedProviderConfigs,omitempty"`

	// MinimumTrustScope is how far every role's trust policy must at least
	// be narrowed: Any (default), Cluster, Namespace or ServiceAccount, from
	// the widest to the narrowest.
	// +optional
	// +kubebuilder:validation:Enum=Any;Cluster;Namespace;ServiceAccount
	MinimumTrustScope string `json:"minimumTrustScope,omitempty"`
}

// ManagedResources configures the composed AWS managed resources.
type ManagedResources struct {
	// API selects the managed-resource API: Namespaced (*.aws.m.upbound.io,
	// Crossplane v2) or Cluster (legacy *.aws.upbound.io).
	// +optional
	// +kubebuilder:default=Namespaced
	API API `json:"api,omitempty"`

	// Namespace is where namespaced managed resources are composed. Ignored
	// by the Cluster API.
	// +optional
	// +kubebuilder:default=crossplane-system
	Namespace string `json:"namespace,omitempty"`

	// ProviderConfigRef names the credentials that create the IAM role and the
	// association: the bootstrap credentials, since the Pod Identity chain
	// cannot create itself. Unset, the managed resources use the provider's
	// default (ClusterProviderConfig "default" for the Namespaced API,
	// ProviderConfig "default" for the Cluster API).
	// +optional
	ProviderConfigRef *ProviderConfigReference `json:"providerConfigRef,omitempty"`

	// DeletionPolicy says whether the IAM role, its policies and the
	// association are deleted from AWS with the XR (Delete) or kept (Orphan).
	// +optional
	// +kubebuilder:default=Delete
	DeletionPolicy DeletionPolicy `json:"deletionPolicy,omitempty"`
}

// A ProviderConfigReference names a provider-aws ProviderConfig.
type ProviderConfigReference struct {
	// Kind is ProviderConfig or ClusterProviderConfig. The Cluster API only
	// has ProviderConfig.
	// +optional
	// +kubebuilder:validation:Enum=ProviderConfig;ClusterProviderConfig
	Kind string `json:"kind,omitempty"`

	// Name of the ProviderConfig.
	Name string `json:"name"`
}
