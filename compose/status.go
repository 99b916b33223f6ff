package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// Status is the XR's status: what the spec decided, and what the provider
// observed once it is known. Its fields are those of spec.Status.
func Status(p *Plan) *structpb.Struct {
	s, shared := p.Spec(), &p.Identities[0]
	st := fields{
		"roleName":          structpb.NewStringValue(s.Role.Name),
		"serviceAccount":    objectValue(fields{"name": structpb.NewStringValue(s.ServiceAccount.Name), "namespace": structpb.NewStringValue(s.ServiceAccount.Namespace)}),
		"runtimeConfigName": structpb.NewStringValue(s.RuntimeConfig.Name),
	}
	for key, v := range map[string]string{
		"roleArn":        p.Observed.atProvider(shared.ResourceName(ResourceRole), "arn"),
		"associationId":  p.Observed.atProvider(shared.ResourceName(ResourceAssociation), "associationId"),
		"associationArn": p.Observed.atProvider(shared.ResourceName(ResourceAssociation), "associationArn"),
		"externalId":     p.Observed.atProvider(shared.ResourceName(ResourceAssociation), "externalId"),
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
			"ready":          structpb.NewBoolValue(isReady(ReadyWhenHealthy, p.Observed[ProviderResource(pr)])),
		}
		if v := p.Observed.atProvider(id.ResourceName(ResourceRole), "arn"); v != "" {
			f["roleArn"] = structpb.NewStringValue(v)
		}
		if v := p.Observed.atProvider(id.ResourceName(ResourceAssociation), "associationId"); v != "" {
			f["associationId"] = structpb.NewStringValue(v)
		}
		providers = append(providers, objectValue(f))
	}
	if len(providers) > 0 {
		st["providers"] = listValue(providers...)
	}

	if s.Agent.Install {
		agent := p.Observed[ResourceAgent]
		a := fields{"ready": structpb.NewBoolValue(isReady(ReadyWhenConditionTrue, agent))}
		if v := stringAt(agent, "status", "atProvider", "addonVersion"); v != "" {
			a["version"] = structpb.NewStringValue(v)
		}
		st["agent"] = objectValue(a)
	}
	return &structpb.Struct{Fields: st}
}
