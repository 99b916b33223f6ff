package main

import (
	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// credentialsSourcePodIdentity makes the provider use the AWS SDK's default
// chain, which reads the credentials the Pod Identity agent serves.
const credentialsSourcePodIdentity = "PodIdentity"

// providerConfigs composes the guide's step 6: the ProviderConfigs through
// which managed resources use the Pod Identity credentials, each with its
// optional role chain.
func providerConfigs(s Spec, o Options) []composed {
	apiVersion := "aws.m.upbound.io/v1beta1"
	if o.API == v1beta1.APICluster {
		apiVersion = "aws.upbound.io/v1beta1"
	}
	out := make([]composed, 0, len(s.ProviderConfigs))
	for _, pc := range s.ProviderConfigs {
		meta := map[string]any{"name": pc.Name}
		if pc.Namespace != "" {
			meta["namespace"] = pc.Namespace
		}
		spec := map[string]any{"credentials": map[string]any{"source": credentialsSourcePodIdentity}}
		if len(pc.AssumeRoleChain) > 0 {
			spec["assumeRoleChain"] = assumeRoleChain(pc.AssumeRoleChain)
		}
		out = append(out, composed{
			name:      providerConfigResource(pc),
			readiness: readyWhenObserved,
			object:    map[string]any{"apiVersion": apiVersion, "kind": pc.Kind, "metadata": meta, "spec": spec},
		})
	}
	return out
}

func assumeRoleChain(chain []AssumeRole) []any {
	out := make([]any, 0, len(chain))
	for _, ar := range chain {
		link := map[string]any{"roleARN": ar.RoleARN}
		if ar.ExternalID != "" {
			link["externalID"] = ar.ExternalID
		}
		if len(ar.Tags) > 0 {
			tags := make([]any, 0, len(ar.Tags))
			for _, t := range ar.Tags {
				tags = append(tags, map[string]any{"key": t.Key, "value": t.Value})
			}
			link["tags"] = tags
		}
		if len(ar.TransitiveTagKeys) > 0 {
			keys := make([]any, 0, len(ar.TransitiveTagKeys))
			for _, k := range ar.TransitiveTagKeys {
				keys = append(keys, k)
			}
			link["transitiveTagKeys"] = keys
		}
		out = append(out, link)
	}
	return out
}
