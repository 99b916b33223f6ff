package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// Role composes the guide's step 2 for one identity: the IAM role with the
// Pod Identity trust policy. The role has no name field: its AWS name is the
// external name.
func Role(p *Plan, id *Identity) []Resource {
	r := id.Role
	fp := fields{
		"assumeRolePolicy": structpb.NewStringValue(aws.TrustPolicy(trustConditions(p.Spec().ClusterName, p.Spec().Region, r.TrustScope, id.ServiceAccount))),
		"description":      structpb.NewStringValue(r.Description),
	}
	if r.Path != "" {
		fp["path"] = structpb.NewStringValue(r.Path)
	}
	if r.MaxSessionDuration != nil {
		fp["maxSessionDuration"] = structpb.NewNumberValue(float64(*r.MaxSessionDuration))
	}
	if r.PermissionsBoundaryArn != "" {
		fp["permissionsBoundary"] = structpb.NewStringValue(r.PermissionsBoundaryArn)
	}
	if len(r.Tags) > 0 {
		fp["tags"] = stringMapValue(r.Tags)
	}
	return []Resource{{
		Name:   id.roleName.Key,
		Object: managedResource(p.Input, "iam", "Role", id.roleName, r.Name, false, fp),
	}}
}

// trustConditions narrows the trust policy, cumulatively, to the cluster in
// its region (cluster names are unique only in a region), its namespace,
// then its ServiceAccount; the default scope Any is the guide's portable
// policy.
func trustConditions(clusterName, region string, scope spec.TrustScope, sa spec.ServiceAccount) aws.TrustConditions {
	var c aws.TrustConditions
	switch scope {
	case spec.TrustScopeServiceAccount:
		c.ServiceAccount = sa.Name
		fallthrough
	case spec.TrustScopeNamespace:
		c.Namespace = sa.Namespace
		fallthrough
	case spec.TrustScopeCluster:
		c.ClusterName, c.Region = clusterName, region
	case spec.TrustScopeAny:
	}
	return c
}

// roleARN is the ARN the provider observed for the identity's role, if it is
// one the role the function composed can have: an IAM role ARN in the
// region's partition, of a twelve-digit account, with the role's path and
// name. Anything else, observed under the role's name, is ignored and
// reported: whoever can write a Role's status must not choose the
// providers' credentials.
func (p *Plan) roleARN(id *Identity) string {
	o := p.composedByXR(id.roleName.Key)
	if o == nil || p.otherKind(o, id.roleName, group(p.Input.ManagedResources.API, "iam"), "Role") {
		return ""
	}
	arn := stringAt(o, "status", "atProvider", "arn")
	if arn == "" {
		return ""
	}
	parsed, ok := aws.ParseIAMARN(arn, aws.ResourceRole)
	path := id.Role.Path
	if path == "" {
		path = "/"
	}
	if !ok || parsed.Partition != aws.PartitionOf(p.Spec().Region) || parsed.Account == aws.AWSAccount || parsed.Path != path || parsed.Name != id.Role.Name {
		p.ignore("status.atProvider.arn", id.roleName, arn, "is not the ARN of role "+path+id.Role.Name+" in partition "+aws.PartitionOf(p.Spec().Region))
		return ""
	}
	return arn
}
