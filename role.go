package main

import (
	"fmt"
)

// roleResources composes the guide's step 2: the IAM role with the Pod
// Identity trust policy, one attachment per managed policy and one RolePolicy
// per inline policy.
func roleResources(s Spec, xrName string, o Options) ([]composed, error) {
	trust, err := trustPolicy()
	if err != nil {
		return nil, err
	}
	roleObject := objectName(xrName, string(resourceRole))

	fp := map[string]any{
		"assumeRolePolicy": trust,
		"description":      s.Role.Description,
	}
	if s.Role.Path != "" {
		fp["path"] = s.Role.Path
	}
	if s.Role.MaxSessionDuration != nil {
		fp["maxSessionDuration"] = *s.Role.MaxSessionDuration
	}
	if s.Role.PermissionsBoundaryArn != "" {
		fp["permissionsBoundary"] = s.Role.PermissionsBoundaryArn
	}
	if len(s.Role.Tags) > 0 {
		fp["tags"] = tagsValue(s.Role.Tags)
	}
	out := make([]composed, 0, 1+len(s.Role.PolicyArns)+len(s.Role.InlinePolicies))
	out = append(out, composed{
		name: resourceRole,
		// The role has no name field: its AWS name is the external name.
		object: o.managedResource("iam", "Role", roleObject, s.Role.Name, fp),
	})

	for _, arn := range s.Role.PolicyArns {
		name := policyAttachmentResource(arn)
		out = append(out, composed{
			name: name,
			object: o.managedResource("iam", "RolePolicyAttachment", objectName(xrName, string(name)), "", map[string]any{
				"policyArn": arn,
				"roleRef":   reference(roleObject),
			}),
		})
	}

	for _, ip := range s.Role.InlinePolicies {
		doc, err := compactPolicy(ip.Document)
		if err != nil {
			return nil, fmt.Errorf("inline policy %q: %w", ip.Name, err)
		}
		name := inlinePolicyResource(ip.Name)
		out = append(out, composed{
			name: name,
			// A RolePolicy's AWS name is its external name.
			object: o.managedResource("iam", "RolePolicy", objectName(xrName, string(name)), ip.Name, map[string]any{
				"policy":  doc,
				"roleRef": reference(roleObject),
			}),
		})
	}
	return out, nil
}
