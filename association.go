package main

// association composes the guide's step 4: the EKS Pod Identity association
// that gives pods of the ServiceAccount the role's credentials. It refers to
// the composed role; once the role's ARN is observed it also names it, so the
// association's desired state is complete on its own.
func association(s Spec, xrName string, o Options, roleArn string) composed {
	fp := map[string]any{
		"region":         s.Region,
		"clusterName":    s.ClusterName,
		"namespace":      s.ServiceAccount.Namespace,
		"serviceAccount": s.ServiceAccount.Name,
		"roleArnRef":     reference(objectName(xrName, string(resourceRole))),
	}
	if roleArn != "" {
		fp["roleArn"] = roleArn
	}
	if s.Association.TargetRoleArn != "" {
		fp["targetRoleArn"] = s.Association.TargetRoleArn
	}
	if s.Association.DisableSessionTags {
		fp["disableSessionTags"] = true
	}
	if len(s.Association.Tags) > 0 {
		fp["tags"] = tagsValue(s.Association.Tags)
	}
	return composed{
		name:   resourceAssociation,
		object: o.managedResource("eks", "PodIdentityAssociation", objectName(xrName, string(resourceAssociation)), "", fp),
	}
}
