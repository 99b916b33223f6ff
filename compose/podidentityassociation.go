package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// PodIdentityAssociation composes the guide's step 4 for one identity: the
// EKS Pod Identity association that gives pods of the ServiceAccount the
// role's credentials. It refers to the composed role; once the role's ARN is
// observed it also names it, so the association's desired state is complete
// on its own. The target role belongs to the shared association only, so
// that isolated providers keep their own permissions.
func PodIdentityAssociation(p *Plan, id *Identity) []Resource {
	s := p.Spec()
	fp := fields{
		"region":         structpb.NewStringValue(s.Region),
		"clusterName":    structpb.NewStringValue(s.ClusterName),
		"namespace":      structpb.NewStringValue(id.ServiceAccount.Namespace),
		"serviceAccount": structpb.NewStringValue(id.ServiceAccount.Name),
		"roleArnRef":     reference(id.objectName(p.XR.Name, ResourceRole)),
	}
	if arn := p.Observed.atProvider(id.ResourceName(ResourceRole), "arn"); arn != "" {
		fp["roleArn"] = structpb.NewStringValue(arn)
	}
	if s.Association.TargetRoleArn != "" && id.Shared() {
		fp["targetRoleArn"] = structpb.NewStringValue(s.Association.TargetRoleArn)
	}
	if s.Association.DisableSessionTags {
		fp["disableSessionTags"] = structpb.NewBoolValue(true)
	}
	if len(s.Association.Tags) > 0 {
		fp["tags"] = stringMapValue(s.Association.Tags)
	}
	return []Resource{{
		Name:   id.ResourceName(ResourceAssociation),
		Object: managedResource(p.Input, "eks", "PodIdentityAssociation", id.objectName(p.XR.Name, ResourceAssociation), "", fp),
	}}
}
