package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
)

// Status is the XR's status: what the spec decided, and what the provider
// observed once it is known and checked. Its fields are those of
// spec.Status.
func Status(p *Plan) *structpb.Struct {
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
		agent := p.composedByXR(p.agentName().Key)
		if !is(agent, group(p.Input.ManagedResources.API, "eks"), "Addon") {
			agent = nil
		}
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
	o := p.composedByXR(ProviderKey(name))
	return is(o, "pkg.crossplane.io", "Provider") && isReady(ReadyWhenHealthy, o)
}
