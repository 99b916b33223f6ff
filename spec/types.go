package spec

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// XPodIdentity gives Crossplane's AWS providers credentials through EKS Pod
// Identity: an IAM role with the pods.eks.amazonaws.com trust policy, its
// policies, the Pod Identity association, the DeploymentRuntimeConfig that
// names the providers' ServiceAccount, and ProviderConfigs with
// credentials.source PodIdentity.
// +kubebuilder:object:root=true
// +kubebuilder:resource:scope=Cluster
type XPodIdentity struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata,omitempty"`

	Spec   Spec   `json:"spec"`
	Status Status `json:"status,omitempty"`
}

// Spec is what the platform team asks for.
type Spec struct {
	// Name of the EKS cluster the providers run in.
	// +kubebuilder:validation:MinLength=1
	// +kubebuilder:validation:MaxLength=100
	ClusterName string `json:"clusterName"`

	// AWS region of the EKS cluster, e.g. us-east-2. Its partition (aws,
	// aws-cn, aws-us-gov, aws-eusc) is the partition of every ARN. Regions
	// of the ISO partitions are refused: EKS Pod Identity is not available
	// there.
	Region string `json:"region"`

	// The ServiceAccount the provider pods run as and the association
	// matches.
	// +optional
	ServiceAccount ServiceAccount `json:"serviceAccount,omitempty"`

	// The IAM role the providers assume.
	// +optional
	Role Role `json:"role,omitempty"`

	// Optional settings of the EKS Pod Identity association.
	// +optional
	Association Association `json:"association,omitempty"`

	// The DeploymentRuntimeConfig that the providers reference in
	// runtimeConfigRef.
	// +optional
	RuntimeConfig RuntimeConfig `json:"runtimeConfig,omitempty"`

	// ProviderConfigs that authenticate with Pod Identity. Default: one
	// namespaced ProviderConfig named default in namespace default, as in the
	// guide (a cluster-scoped ProviderConfig named default with the legacy
	// Cluster API). An empty list composes none.
	// +optional
	// +kubebuilder:validation:MaxItems=64
	ProviderConfigs []ProviderConfig `json:"providerConfigs,omitempty" max:"64"`

	// Provider packages to install with these credentials. A Provider is
	// composed once its association is Ready, so that its pods start with
	// credentials, and is never withdrawn afterwards.
	// +optional
	// +kubebuilder:validation:MaxItems=64
	Providers []Provider `json:"providers,omitempty" max:"64"`

	// The eks-pod-identity-agent add-on, the guide's step 1.
	// +optional
	Agent Agent `json:"agent,omitempty"`
}

// ServiceAccount is the Kubernetes ServiceAccount the providers run as and
// the association matches.
type ServiceAccount struct {
	// ServiceAccount name. Default: the XR's name.
	// +optional
	Name string `json:"name,omitempty"`

	// Namespace the providers run in, Crossplane's own. Default:
	// crossplane-system.
	// +optional
	Namespace string `json:"namespace,omitempty"`
}

// Role is the IAM role the providers assume.
type Role struct {
	// AWS name of the role: 1-64 characters of letters, digits and the
	// characters +=,.@_-. Default: <clusterName>-<region>-<XR name>,
	// shortened with a stable hash suffix when longer than 64; a role
	// created under the first release's default, <clusterName>-<XR name>,
	// keeps that name.
	// +optional
	Name string `json:"name,omitempty"`

	// IAM path of the role: '/', or printable ASCII between a leading and
	// a trailing '/'. With presets it is their policies' path too, which
	// IAM limits to letters, digits and .,+@=_- between single slashes.
	// Default '/'.
	// +optional
	Path string `json:"path,omitempty"`

	// Description of the role. Default is the guide's.
	// +optional
	Description string `json:"description,omitempty"`

	// Maximum session duration in seconds, 3600 to 43200.
	// +optional
	MaxSessionDuration *int64 `json:"maxSessionDuration,omitempty"`

	// ARN of the managed policy that bounds the role's permissions.
	// +optional
	PermissionsBoundaryArn string `json:"permissionsBoundaryArn,omitempty"`

	// ARNs of the managed policies attached to the role: at most IAM's
	// quota, 10 unless the Input says the account's is raised, to at most 20.
	// Each becomes a RolePolicyAttachment named after its ARN.
	// +optional
	// +kubebuilder:validation:MaxItems=20
	PolicyArns []string `json:"policyArns,omitempty" max:"20"`

	// Inline policies of the role, each a RolePolicy named after the policy:
	// at most 20, and 10,240 characters of documents in all.
	// +optional
	// +kubebuilder:validation:MaxItems=20
	InlinePolicies []InlinePolicy `json:"inlinePolicies,omitempty" max:"20"`

	// Tags of the role, at most 47: provider-aws adds 3 of IAM's 50.
	// +optional
	// +kubebuilder:validation:MaxProperties=50
	Tags map[string]string `json:"tags,omitempty" max:"50"`

	// How far the trust policy narrows who may assume the role, with
	// StringEquals conditions on the session tags EKS Pod Identity sets,
	// cumulatively. Any (default) is the guide's portable policy; Cluster
	// adds eks-cluster-name, and pins the cluster's region with StringLike
	// on eks-cluster-arn; Namespace adds kubernetes-namespace,
	// ServiceAccount adds kubernetes-service-account. Not possible with
	// association.disableSessionTags.
	// +optional
	// +kubebuilder:validation:Enum=Any;Cluster;Namespace;ServiceAccount
	TrustScope TrustScope `json:"trustScope,omitempty"`

	// Where the role's permissions come from beside policyArns and
	// inlinePolicies: None (default), or Preset, the union of the
	// least-privilege presets of the shared providers' families, each a
	// managed policy attached to the role.
	// +optional
	// +kubebuilder:validation:Enum=None;Preset
	Permissions Permissions `json:"permissions,omitempty"`

	// nameDefaulted is true when Name was derived from the cluster and the
	// XR rather than written by the user.
	nameDefaulted bool `json:"-"`
}

// An InlinePolicy is a policy document embedded in the role.
type InlinePolicy struct {
	// Name of the inline policy, unique in the role.
	Name string `json:"name"`

	// The IAM policy document, as JSON. Validation replaces it with its
	// compact form, which is what IAM counts and what is composed.
	Document string `json:"document"`
}

// A TrustScope says how far the trust policy narrows who may assume the
// role, each scope adding a condition on a session tag EKS Pod Identity sets.
type TrustScope string

// Trust scopes, from the widest to the narrowest.
const (
	TrustScopeAny            TrustScope = "Any"
	TrustScopeCluster        TrustScope = "Cluster"
	TrustScopeNamespace      TrustScope = "Namespace"
	TrustScopeServiceAccount TrustScope = "ServiceAccount"
)

// Permissions say where a role's permissions come from beside its own
// policies.
type Permissions string

// Permissions.
const (
	// PermissionsNone: only the role's policyArns and inlinePolicies.
	PermissionsNone Permissions = "None"
	// PermissionsPreset: also the least-privilege preset of each provider
	// family the role serves.
	PermissionsPreset Permissions = "Preset"
)

// Association holds the EKS Pod Identity association's optional settings.
type Association struct {
	// A role, in any account, that EKS assumes with the association's role;
	// the providers get the target role's credentials.
	// +optional
	TargetRoleArn string `json:"targetRoleArn,omitempty"`

	// Do not tag sessions with cluster, namespace and ServiceAccount. With a
	// targetRoleArn, EKS then passes an externalId (status.externalId) for
	// the target's trust policy.
	// +optional
	DisableSessionTags bool `json:"disableSessionTags,omitempty"`

	// Tags of the association, at most 47: provider-aws adds 3 of EKS's 50.
	// +optional
	// +kubebuilder:validation:MaxProperties=50
	Tags map[string]string `json:"tags,omitempty" max:"50"`
}

// RuntimeConfig is the DeploymentRuntimeConfig the providers reference.
type RuntimeConfig struct {
	// Name of the DeploymentRuntimeConfig. Default: the XR's name.
	// +optional
	Name string `json:"name,omitempty"`
}

// ProviderConfig is one provider-aws ProviderConfig that authenticates with
// Pod Identity.
type ProviderConfig struct {
	// ProviderConfig (namespaced) or ClusterProviderConfig. Default
	// ProviderConfig. The legacy Cluster API has only ProviderConfig.
	// +optional
	// +kubebuilder:validation:Enum=ProviderConfig;ClusterProviderConfig
	Kind string `json:"kind,omitempty"`

	// Name of the ProviderConfig.
	Name string `json:"name"`

	// Namespace of a namespaced ProviderConfig; required for it, forbidden
	// otherwise.
	// +optional
	Namespace string `json:"namespace,omitempty"`

	// Roles the provider assumes in turn after authenticating, e.g. in
	// another account.
	// +optional
	// +kubebuilder:validation:MaxItems=10
	AssumeRoleChain []AssumeRole `json:"assumeRoleChain,omitempty" max:"10"`
}

// ProviderConfig kinds of provider-aws.
const (
	KindProviderConfig        = "ProviderConfig"
	KindClusterProviderConfig = "ClusterProviderConfig"
)

// AssumeRole is one role the provider assumes after authenticating.
type AssumeRole struct {
	// ARN of the role to assume.
	RoleARN string `json:"roleARN"`

	// External ID the role's trust policy requires.
	// +optional
	ExternalID string `json:"externalID,omitempty"`

	// Session tags, at most 50 (STS).
	// +optional
	// +kubebuilder:validation:MaxItems=50
	Tags []SessionTag `json:"tags,omitempty" max:"50"`

	// Keys of session tags that pass on to later roles in the chain.
	// +optional
	// +kubebuilder:validation:MaxItems=50
	TransitiveTagKeys []string `json:"transitiveTagKeys,omitempty" max:"50"`
}

// A SessionTag is an STS session tag.
type SessionTag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Provider is one provider package that runs with the credentials.
type Provider struct {
	// The provider's package, e.g.
	// xpkg.upbound.io/upbound/provider-aws-s3:v2.3.0.
	Package string `json:"package"`

	// Name of the Provider. Default: the package's last path segment, e.g.
	// provider-aws-s3.
	// +optional
	Name string `json:"name,omitempty"`

	// The guide's Option B: the provider gets its own ServiceAccount, IAM
	// role (with only the policies below and spec.role's other settings),
	// association and DeploymentRuntimeConfig. Otherwise it shares
	// spec.role's (Option A).
	// +optional
	Isolated bool `json:"isolated,omitempty"`

	// Managed policies of an isolated provider's own role, as
	// spec.role.policyArns.
	// +optional
	// +kubebuilder:validation:MaxItems=20
	PolicyArns []string `json:"policyArns,omitempty" max:"20"`

	// Inline policies of an isolated provider's own role, as
	// spec.role.inlinePolicies.
	// +optional
	// +kubebuilder:validation:MaxItems=20
	InlinePolicies []InlinePolicy `json:"inlinePolicies,omitempty" max:"20"`

	// Where an isolated provider's role gets its permissions beside its
	// policies: None (default), or Preset, the least-privilege preset of the
	// provider's family, a managed policy attached to the role. A shared
	// provider's come from spec.role.permissions.
	// +optional
	// +kubebuilder:validation:Enum=None;Preset
	Permissions Permissions `json:"permissions,omitempty"`

	// nameDefaulted is true when Name was derived from Package rather than
	// written by the user.
	nameDefaulted bool `json:"-"`
}

// Agent asks for the eks-pod-identity-agent add-on (the guide's step 1).
type Agent struct {
	// Compose the cluster's eks-pod-identity-agent Addon.
	// +optional
	Install bool `json:"install,omitempty"`

	// Add-on version, e.g. v1.3.4-eksbuild.1. Default EKS's.
	// +optional
	Version string `json:"version,omitempty"`
}

// Status is what the function reports on the XR: what it decided, and what
// the provider observed once it is known.
type Status struct {
	// The Provider packages and the credentials they run with.
	// +optional
	Providers []ProviderStatus `json:"providers,omitempty"`

	// The eks-pod-identity-agent add-on.
	// +optional
	Agent *AgentStatus `json:"agent,omitempty"`

	// ARN of the IAM role, once created.
	// +optional
	RoleArn string `json:"roleArn,omitempty"`

	// AWS name of the IAM role.
	// +optional
	RoleName string `json:"roleName,omitempty"`

	// ID of the Pod Identity association, once created.
	// +optional
	AssociationID string `json:"associationId,omitempty"`

	// ARN of the Pod Identity association, once created.
	// +optional
	AssociationArn string `json:"associationArn,omitempty"`

	// The association's identifier for its target role, which EKS passes
	// as the external id when it assumes the target role; a target role's
	// trust policy matches it with sts:ExternalId when session tags are
	// disabled (EKS API reference, PodIdentityAssociation.externalId).
	// +optional
	ExternalID string `json:"externalId,omitempty"`

	// The target role of the association and the trust policy it must
	// have, once the role's ARN (and, without session tags, the external
	// id) is known. The function cannot set another account's trust
	// policy: paste it into the target role.
	// +optional
	TargetRole *TrustedRole `json:"targetRole,omitempty"`

	// The roles each ProviderConfig assumes in turn and the trust policy
	// each must have, once the role that assumes it is known.
	// +optional
	AssumeRoleChains []AssumeRoleChainStatus `json:"assumeRoleChains,omitempty"`

	// The ServiceAccount the association matches.
	// +optional
	ServiceAccount *ServiceAccount `json:"serviceAccount,omitempty"`

	// Name of the DeploymentRuntimeConfig to reference from Provider
	// packages.
	// +optional
	RuntimeConfigName string `json:"runtimeConfigName,omitempty"`
}

// ProviderStatus is one Provider package and the credentials it runs with.
type ProviderStatus struct {
	// +optional
	Name string `json:"name,omitempty"`
	// +optional
	ServiceAccount string `json:"serviceAccount,omitempty"`
	// +optional
	RoleArn string `json:"roleArn,omitempty"`
	// +optional
	AssociationID string `json:"associationId,omitempty"`
	// +optional
	Ready bool `json:"ready,omitempty"`
}

// A TrustedRole is a role the providers' credentials assume, and the trust
// policy it must have for that: the role that assumes it as principal,
// sts:AssumeRole and sts:TagSession (session tags are transitive), and
// sts:ExternalId where an external id is used.
type TrustedRole struct {
	// +optional
	RoleARN string `json:"roleARN,omitempty"`
	// +optional
	TrustPolicy string `json:"trustPolicy,omitempty"`
}

// AssumeRoleChainStatus is the role chain of one ProviderConfig.
type AssumeRoleChainStatus struct {
	// The ProviderConfig, as Kind/name or Kind/namespace/name.
	// +optional
	ProviderConfig string `json:"providerConfig,omitempty"`
	// +optional
	Roles []TrustedRole `json:"roles,omitempty"`
}

// AgentStatus is the eks-pod-identity-agent add-on's state.
type AgentStatus struct {
	// +optional
	Ready bool `json:"ready,omitempty"`
	// +optional
	Version string `json:"version,omitempty"`
}
