package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// RolePolicyAttachments composes the guide's step 2.4 for one identity: one
// attachment per managed policy, named after the policy's ARN.
func RolePolicyAttachments(p *Plan, id *Identity) []Resource {
	out := make([]Resource, 0, len(id.Role.PolicyArns))
	for _, arn := range id.Role.PolicyArns {
		part := PolicyAttachmentResource(arn)
		out = append(out, Resource{
			Name: id.ResourceName(part),
			Object: managedResource(p.Input, "iam", "RolePolicyAttachment", id.objectName(p.XR.Name, part), "", fields{
				"policyArn": structpb.NewStringValue(arn),
				"roleRef":   reference(id.objectName(p.XR.Name, ResourceRole)),
			}),
		})
	}
	return out
}
