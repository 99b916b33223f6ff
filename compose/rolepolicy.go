package compose

import (
	"slices"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// RolePolicies composes the rest of the guide's step 2.4 for one identity:
// one RolePolicy per inline policy, whose AWS name is its external name.
// Validation has compacted the documents. The shared role of an association
// with a target role also gets the permission EKS needs to assume it: "EKS
// Pod Identity first assumes the IAM role of the association, then uses
// those credentials to assume the target role", and the association's role
// needs sts:AssumeRole and sts:TagSession on the target role ("Access AWS
// Resources using EKS Pod Identity Target IAM Roles", EKS User Guide).
func RolePolicies(p *Plan, id *Identity) []Resource {
	policies := id.Role.InlinePolicies
	if target := p.Spec().Association.TargetRoleArn; target != "" && id.Shared() {
		policies = append(slices.Clip(policies), spec.InlinePolicy{Name: spec.TargetRolePolicyName, Document: aws.TargetRolePermission(target)})
	}
	out := make([]Resource, 0, len(policies))
	for _, ip := range policies {
		name := p.reuse("RolePolicy", id.prefix()+KeyInlinePolicy, identityKey(id.roleName.Object, ip.Name),
			InlinePolicyName(p.XR.Name, id.prefix(), id.roleName, ip.Name))
		out = append(out, Resource{
			Name: name.Key,
			Object: managedResource(p.Input, "iam", "RolePolicy", name, ip.Name, false, fields{
				"policy":  structpb.NewStringValue(ip.Document),
				"roleRef": reference(id.roleName.Object),
			}),
		})
	}
	return out
}
