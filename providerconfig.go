package main

import (
	"google.golang.org/protobuf/types/known/structpb"

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
		meta := fields{"name": stringValue(pc.Name)}
		if pc.Namespace != "" {
			meta["namespace"] = stringValue(pc.Namespace)
		}
		spec := fields{"credentials": objectValue(fields{"source": stringValue(credentialsSourcePodIdentity)})}
		if len(pc.AssumeRoleChain) > 0 {
			spec["assumeRoleChain"] = assumeRoleChain(pc.AssumeRoleChain)
		}
		out = append(out, composed{
			name:      providerConfigResource(pc),
			readiness: readyWhenObserved,
			object:    object(apiVersion, pc.Kind, meta, fields{"spec": objectValue(spec)}),
		})
	}
	return out
}

func assumeRoleChain(chain []AssumeRole) *structpb.Value {
	links := make([]*structpb.Value, 0, len(chain))
	for _, ar := range chain {
		link := fields{"roleARN": stringValue(ar.RoleARN)}
		if ar.ExternalID != "" {
			link["externalID"] = stringValue(ar.ExternalID)
		}
		if len(ar.Tags) > 0 {
			tags := make([]*structpb.Value, 0, len(ar.Tags))
			for _, t := range ar.Tags {
				tags = append(tags, objectValue(fields{"key": stringValue(t.Key), "value": stringValue(t.Value)}))
			}
			link["tags"] = listValue(tags...)
		}
		if len(ar.TransitiveTagKeys) > 0 {
			link["transitiveTagKeys"] = stringsValue(ar.TransitiveTagKeys)
		}
		links = append(links, objectValue(link))
	}
	return listValue(links...)
}
