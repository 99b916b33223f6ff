package main

// agentAddonName is the EKS add-on that serves Pod Identity credentials to
// pods on every node.
const agentAddonName = "eks-pod-identity-agent"

// agentAddon composes the guide's step 1: the eks-pod-identity-agent add-on
// of the cluster, at the requested version or EKS's default.
func agentAddon(s Spec, xrName string, o Options) composed {
	fp := fields{
		"addonName":   stringValue(agentAddonName),
		"clusterName": stringValue(s.ClusterName),
		"region":      stringValue(s.Region),
	}
	if s.Agent.Version != "" {
		fp["addonVersion"] = stringValue(s.Agent.Version)
	}
	return composed{
		name:   resourceAgent,
		object: o.managedResource("eks", "Addon", xrName+"-"+string(resourceAgent), "", fp),
	}
}
