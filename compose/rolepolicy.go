package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// RolePolicies composes the rest of the guide's step 2.4 for one identity:
// one RolePolicy per inline policy, whose AWS name is its external name.
// Validation has compacted the documents.
func RolePolicies(p *Plan, id *Identity) []Resource {
	out := make([]Resource, 0, len(id.Role.InlinePolicies))
	for _, ip := range id.Role.InlinePolicies {
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
