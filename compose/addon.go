package compose

import (
	"google.golang.org/protobuf/types/known/structpb"
)

// AgentAddonName is the EKS add-on that serves Pod Identity credentials to
// pods on every node.
const AgentAddonName = "eks-pod-identity-agent"

// Addon composes the guide's step 1: the eks-pod-identity-agent add-on of
// the cluster, at the requested version or EKS's default. The add-on serves
// every Pod Identity workload of the cluster, not only this XR's, so it is
// never deleted with the XR or when spec.agent.install turns false: its
// managed resource is always orphaned. provider-aws names an add-on
// "<cluster>:<add-on>" and finds one that exists by that name, so an add-on
// installed before (eksctl, the console) is taken over rather than
// refused; the external name says so.
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
	name := p.agentName()
	return []Resource{{
		Name:   name.Key,
		Object: managedResource(p.Input, "eks", "Addon", name, s.ClusterName+":"+AgentAddonName, true, fp),
	}}
}

// addonIdentity is what identifies the agent add-on: its cluster, in its
// region.
func addonIdentity(region, clusterName string) string {
	return identityKey(region, clusterName)
}

// agentName is where the agent add-on lives.
func (p *Plan) agentName() Name {
	s := p.Spec()
	identity := addonIdentity(s.Region, s.ClusterName)
	return p.reuse("Addon", KeyAgent, identity, managedName(p.XR.Name, "", KeyAgent, contentName(s.ClusterName, identity)))
}
