package main

import (
	"fmt"
)

// roleResources composes the guide's step 2 for one identity: the IAM role
// with the Pod Identity trust policy, one attachment per managed policy and
// one RolePolicy per inline policy.
func roleResources(id identity, clusterName, xrName string, o Options) ([]composed, error) {
	trust, err := trustPolicy(id.role.TrustScope, clusterName, id.serviceAccount)
	if err != nil {
		return nil, err
	}
	roleObject := id.objectName(xrName, resourceRole)

	fp := fields{
		"assumeRolePolicy": stringValue(trust),
		"description":      stringValue(id.role.Description),
	}
	if id.role.Path != "" {
		fp["path"] = stringValue(id.role.Path)
	}
	if id.role.MaxSessionDuration != nil {
		fp["maxSessionDuration"] = numberValue(float64(*id.role.MaxSessionDuration))
	}
	if id.role.PermissionsBoundaryArn != "" {
		fp["permissionsBoundary"] = stringValue(id.role.PermissionsBoundaryArn)
	}
	if len(id.role.Tags) > 0 {
		fp["tags"] = stringMapValue(id.role.Tags)
	}
	out := make([]composed, 0, 1+len(id.role.PolicyArns)+len(id.role.InlinePolicies))
	out = append(out, composed{
		name: id.resourceName(resourceRole),
		// The role has no name field: its AWS name is the external name.
		object: o.managedResource("iam", "Role", roleObject, id.role.Name, fp),
	})

	for _, arn := range id.role.PolicyArns {
		part := policyAttachmentResource(arn)
		out = append(out, composed{
			name: id.resourceName(part),
			object: o.managedResource("iam", "RolePolicyAttachment", id.objectName(xrName, part), "", fields{
				"policyArn": stringValue(arn),
				"roleRef":   reference(roleObject),
			}),
		})
	}

	for _, ip := range id.role.InlinePolicies {
		doc, err := compactPolicy(ip.Document)
		if err != nil {
			return nil, fmt.Errorf("inline policy %q: %w", ip.Name, err)
		}
		part := inlinePolicyResource(ip.Name)
		out = append(out, composed{
			name: id.resourceName(part),
			// A RolePolicy's AWS name is its external name.
			object: o.managedResource("iam", "RolePolicy", id.objectName(xrName, part), ip.Name, fields{
				"policy":  stringValue(doc),
				"roleRef": reference(roleObject),
			}),
		})
	}
	return out, nil
}
