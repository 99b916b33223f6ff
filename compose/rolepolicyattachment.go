package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// RolePolicyAttachments composes the guide's step 2.4 for one identity: one
// attachment per managed policy, named after the policy's ARN and the role.
// An attachment cannot move to another role, so a new role gets new
// attachments.
func RolePolicyAttachments(p *Plan, id *Identity) []Resource {
	presets := p.presetPolicies(id)
	out := make([]Resource, 0, len(id.Role.PolicyArns)+len(presets))
	for _, arn := range id.Role.PolicyArns {
		name := p.reuse("RolePolicyAttachment", id.prefix()+KeyPolicyAttachment, identityKey(id.roleName.Object, arn),
			PolicyAttachmentName(p.XR.Name, id.prefix(), id.roleName, arn))
		out = append(out, Resource{
			Name: name.Key,
			Object: managedResource(p.Input, "iam", "RolePolicyAttachment", name, "", false, fields{
				"policyArn": structpb.NewStringValue(arn),
				"roleRef":   reference(id.roleName.Object),
			}),
		})
	}
	// A preset's policy is attached by reference: its ARN is known once it
	// exists.
	for _, pp := range presets {
		name := p.reuse("RolePolicyAttachment", id.prefix()+KeyPolicyAttachment, identityKey(id.roleName.Object, "ref:"+pp.name.Object),
			managedName(p.XR.Name, id.prefix(), KeyPolicyAttachment, contentName("preset-"+pp.policy.Name, identityKey(id.roleName.Object, "ref:"+pp.name.Object))))
		out = append(out, Resource{
			Name: name.Key,
			Object: managedResource(p.Input, "iam", "RolePolicyAttachment", name, "", false, fields{
				"policyArnRef": reference(pp.name.Object),
				"roleRef":      reference(id.roleName.Object),
			}),
		})
	}
	return out
}
