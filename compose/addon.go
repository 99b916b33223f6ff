package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// AgentAddonName is the EKS add-on that serves Pod Identity credentials to
// pods on every node.
const AgentAddonName = "eks-pod-identity-agent"

// Addon composes the guide's step 1: the eks-pod-identity-agent add-on of
// the cluster, at the requested version or EKS's default.
func Addon(p *Plan, id *Identity) []Resource {
	s := p.Spec()
	if !id.Shared() || !s.Agent.Install {
		return nil
	}
	fp := fields{
		"addonName":   structpb.NewStringValue(AgentAddonName),
		"clusterName": structpb.NewStringValue(s.ClusterName),
		"region":      structpb.NewStringValue(s.Region),
	}
	if s.Agent.Version != "" {
		fp["addonVersion"] = structpb.NewStringValue(s.Agent.Version)
	}
	return []Resource{{
		Name:   ResourceAgent,
		Object: managedResource(p.Input, "eks", "Addon", p.XR.Name+"-"+string(ResourceAgent), "", fp),
	}}
}
