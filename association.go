package main

// association composes the guide's step 4 for one identity: the EKS Pod
// Identity association that gives pods of the ServiceAccount the role's
// credentials. It refers to the composed role; once the role's ARN is
// observed it also names it, so the association's desired state is complete
// on its own.
func association(id identity, s Spec, xrName string, o Options, roleArn string) composed {
	fp := fields{
		"region":         stringValue(s.Region),
		"clusterName":    stringValue(s.ClusterName),
		"namespace":      stringValue(id.serviceAccount.Namespace),
		"serviceAccount": stringValue(id.serviceAccount.Name),
		"roleArnRef":     reference(id.objectName(xrName, resourceRole)),
	}
	if roleArn != "" {
		fp["roleArn"] = stringValue(roleArn)
	}
	if s.Association.TargetRoleArn != "" && id.isolated == nil {
		fp["targetRoleArn"] = stringValue(s.Association.TargetRoleArn)
	}
	if s.Association.DisableSessionTags {
		fp["disableSessionTags"] = boolValue(true)
	}
	if len(s.Association.Tags) > 0 {
		fp["tags"] = stringMapValue(s.Association.Tags)
	}
	return composed{
		name:   id.resourceName(resourceAssociation),
		object: o.managedResource("eks", "PodIdentityAssociation", id.objectName(xrName, resourceAssociation), "", fp),
	}
}
