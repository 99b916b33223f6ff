package compose

import (
	"regexp"

	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// PodIdentityAssociation composes the guide's step 4 for one identity: the
// EKS Pod Identity association that gives pods of the ServiceAccount the
// role's credentials. It refers to the composed role; once the role's ARN is
// observed it also names it, so the association's desired state is complete
// on its own, and a new role is taken up in place. The target role belongs
// to the shared association only, so that isolated providers keep their own
// permissions. Its cluster, namespace and ServiceAccount cannot change in
// place: they are its identity, and a change composes a new association.
func PodIdentityAssociation(p *Plan, id *Identity) []Resource {
	s := p.Spec()
	fp := fields{
		"region":         structpb.NewStringValue(s.Region),
		"clusterName":    structpb.NewStringValue(s.ClusterName),
		"namespace":      structpb.NewStringValue(id.ServiceAccount.Namespace),
		"serviceAccount": structpb.NewStringValue(id.ServiceAccount.Name),
		"roleArnRef":     reference(id.roleName.Object),
	}
	if arn := p.roleARN(id); arn != "" {
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
		Name:   id.associationName.Key,
		Object: managedResource(p.Input, "eks", "PodIdentityAssociation", id.associationName, "", false, fp),
	}}
}

// associationIdentity is what identifies an association in EKS: the
// cluster, in its region, and the namespace and ServiceAccount it matches.
func associationIdentity(region, clusterName string, sa spec.ServiceAccount) string {
	return identityKey(region, clusterName, sa.Namespace, sa.Name)
}

// An association as the provider observed it, each value checked.
type association struct {
	ready bool
	// id and arn identify it in EKS.
	id, arn string
	// roleArn, targetRoleArn and disableSessionTags are what it gives pods.
	roleArn, targetRoleArn string
	disableSessionTags     bool
	// externalID is what EKS passes to the target role's trust policy.
	externalID string
}

// associationIDRE is the form of EKS association ids, "a-" and 17 lower-case
// letters and digits (CreatePodIdentityAssociation, EKS API reference).
var associationIDRE = regexp.MustCompile(`^a-[0-9a-z]{17}$`)

// observedAssociation is the identity's association as the provider observed
// it: only from an object of the right kind that the XR controls, and only
// the values of the shape EKS gives them; anything else is ignored and
// reported.
func (p *Plan) observedAssociation(id *Identity) association {
	o := p.composedByXR(id.associationName.Key)
	if o == nil || p.otherKind(o, id.associationName, group(p.Input.ManagedResources.API, "eks"), "PodIdentityAssociation") {
		return association{}
	}
	a := association{ready: isReady(ReadyWhenConditionTrue, o)}
	at := func(f string) string { return stringAt(o, "status", "atProvider", f) }
	s, partition := p.Spec(), aws.PartitionOf(p.Spec().Region)
	if v := at("associationId"); v != "" {
		if associationIDRE.MatchString(v) {
			a.id = v
		} else {
			p.ignore("status.atProvider.associationId", id.associationName, v, "is not an EKS association id")
		}
	}
	if v := at("associationArn"); v != "" {
		if a.id != "" && associationARNOK(v, partition, s.Region, s.ClusterName, a.id) {
			a.arn = v
		} else {
			p.ignore("status.atProvider.associationArn", id.associationName, v, "is not the ARN of association "+a.id+" of cluster "+s.ClusterName+" in "+s.Region)
		}
	}
	for f, into := range map[string]*string{"roleArn": &a.roleArn, "targetRoleArn": &a.targetRoleArn} {
		if v := at(f); v != "" {
			if parsed, ok := aws.ParseIAMARN(v, aws.ResourceRole); ok && parsed.Partition == partition && parsed.Account != aws.AWSAccount {
				*into = v
			} else {
				p.ignore("status.atProvider."+f, id.associationName, v, "is not an IAM role ARN in partition "+partition)
			}
		}
	}
	a.disableSessionTags = lookup(o, "status", "atProvider", "disableSessionTags").GetBoolValue()
	if v := at("externalId"); v != "" {
		if len(v) >= aws.MinExternalIDLength && len(v) <= aws.MaxExternalIDLength && aws.IsExternalID(v) {
			a.externalID = v
		} else {
			p.ignore("status.atProvider.externalId", id.associationName, v, "is not an STS external id")
		}
	}
	return a
}

// associationARNOK tells whether arn is the ARN of association id of the
// cluster: arn:PARTITION:eks:REGION:ACCOUNT:podidentityassociation/CLUSTER/ID.
func associationARNOK(arn, partition, region, cluster, id string) bool {
	prefix := "arn:" + partition + ":eks:" + region + ":"
	suffix := ":podidentityassociation/" + cluster + "/" + id
	if len(arn) != len(prefix)+12+len(suffix) || arn[:len(prefix)] != prefix || arn[len(arn)-len(suffix):] != suffix {
		return false
	}
	for _, c := range arn[len(prefix) : len(prefix)+12] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
