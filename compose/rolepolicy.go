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
		part := InlinePolicyResource(ip.Name)
		out = append(out, Resource{
			Name: id.ResourceName(part),
			Object: managedResource(p.Input, "iam", "RolePolicy", id.objectName(p.XR.Name, part), ip.Name, fields{
				"policy":  structpb.NewStringValue(ip.Document),
				"roleRef": reference(id.objectName(p.XR.Name, ResourceRole)),
			}),
		})
	}
	return out
}
