package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// status is the XR's status: what the spec decided, and what the provider
// observed once it is known and checked. Its fields are those of
// spec.Status.
func status(p *Plan) *structpb.Struct {
	s, shared := p.Spec(), p.shared()
	st := fields{
		"roleName":          structpb.NewStringValue(s.Role.Name),
		"serviceAccount":    objectValue(fields{"name": structpb.NewStringValue(s.ServiceAccount.Name), "namespace": structpb.NewStringValue(s.ServiceAccount.Namespace)}),
		"runtimeConfigName": structpb.NewStringValue(s.RuntimeConfig.Name),
	}
	a := p.observedAssociation(shared)
	for key, v := range map[string]string{
		"roleArn":        p.roleARN(shared),
		"associationId":  a.id,
		"associationArn": a.arn,
		"externalId":     a.externalID,
	} {
		if v != "" {
			st[key] = structpb.NewStringValue(v)
		}
	}

	if tr := p.targetRoleStatus(a); tr != nil {
		st["targetRole"] = tr
	}
	if chains := p.assumeRoleChainsStatus(); chains != nil {
		st["assumeRoleChains"] = chains
	}

	providers := make([]*structpb.Value, 0, len(s.Providers))
	for _, pr := range s.Providers {
		id := identityOf(p.Identities, pr)
		f := fields{
			"name":           structpb.NewStringValue(pr.Name),
			"serviceAccount": structpb.NewStringValue(id.ServiceAccount.Name),
			"ready":          structpb.NewBoolValue(p.providerReady(pr.Name)),
		}
		if v := p.roleARN(id); v != "" {
			f["roleArn"] = structpb.NewStringValue(v)
		}
		if v := p.observedAssociation(id).id; v != "" {
			f["associationId"] = structpb.NewStringValue(v)
		}
		providers = append(providers, objectValue(f))
	}
	if len(providers) > 0 {
		st["providers"] = listValue(providers...)
	}

	if s.Agent.Install {
		agent := p.composedAs(p.agentName().Key, group(p.Input.ManagedResources.API, "eks"), "Addon")
		a := fields{"ready": structpb.NewBoolValue(isReady(ReadyWhenConditionTrue, agent))}
		if v := stringAt(agent, "status", "atProvider", "addonVersion"); v != "" {
			if aws.IsAddonVersion(v) {
				a["version"] = structpb.NewStringValue(v)
			} else {
				p.ignore("status.atProvider.addonVersion", p.agentName(), v, "is not an EKS add-on version")
			}
		}
		st["agent"] = objectValue(a)
	}
	return &structpb.Struct{Fields: st}
}

// providerReady tells whether the XR's Provider of that name is installed and
// healthy.
func (p *Plan) providerReady(name string) bool {
	return isReady(ReadyWhenHealthy, p.composedAs(ProviderKey(name), "pkg.crossplane.io", "Provider"))
}

// targetRoleStatus is the association's target role and the trust policy it
// must have: the association's role may assume it and tag the session, and,
// when EKS passes no session tags, only with the association's external id.
// It is known once the role's ARN is, and, without session tags, the
// external id.
func (p *Plan) targetRoleStatus(a association) *structpb.Value {
	s := p.Spec()
	target, assumer := s.Association.TargetRoleArn, p.roleARN(p.shared())
	if target == "" || assumer == "" {
		return nil
	}
	t := aws.ChainedTrust{AssumingRoleARN: assumer}
	if s.Association.DisableSessionTags {
		if a.externalID == "" {
			return nil
		}
		t.ExternalID = a.externalID
	}
	return trustedRole(target, aws.ChainedTrustPolicy(t))
}

// assumeRoleChainsStatus are the roles each ProviderConfig's chain assumes
// and the trust policy each must have: the first is assumed with the
// providers' credentials, the target role's if there is one, each later one
// with the one before, each with its link's external id. A link is listed
// once the role that assumes it is known.
func (p *Plan) assumeRoleChainsStatus() *structpb.Value {
	first := p.Spec().Association.TargetRoleArn
	if first == "" {
		first = p.roleARN(p.shared())
	}
	var chains []*structpb.Value
	for _, pc := range p.Spec().ProviderConfigs {
		if len(pc.AssumeRoleChain) == 0 {
			continue
		}
		roles := make([]*structpb.Value, 0, len(pc.AssumeRoleChain))
		assumer := first
		for _, link := range pc.AssumeRoleChain {
			if assumer == "" {
				break
			}
			roles = append(roles, trustedRole(link.RoleARN, aws.ChainedTrustPolicy(aws.ChainedTrust{AssumingRoleARN: assumer, ExternalID: link.ExternalID})))
			assumer = link.RoleARN
		}
		if len(roles) == 0 {
			continue
		}
		chains = append(chains, objectValue(fields{
			"providerConfig": structpb.NewStringValue(pc.Kind + "/" + spec.QualifiedName(pc.Namespace, pc.Name)),
			"roles":          listValue(roles...),
		}))
	}
	if len(chains) == 0 {
		return nil
	}
	return listValue(chains...)
}

// trustedRole is a role and the trust policy it must have.
func trustedRole(arn, trustPolicy string) *structpb.Value {
	return objectValue(fields{"roleARN": structpb.NewStringValue(arn), "trustPolicy": structpb.NewStringValue(trustPolicy)})
}
