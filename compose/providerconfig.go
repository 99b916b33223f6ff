package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// CredentialsSourcePodIdentity makes the provider use the AWS SDK's default
// chain, which reads the credentials the Pod Identity agent serves.
const CredentialsSourcePodIdentity = "PodIdentity"

// ProviderConfigs composes the guide's step 6: the ProviderConfigs through
// which managed resources use the Pod Identity credentials, each with its
// optional role chain.
func ProviderConfigs(p *Plan, id *Identity) []Resource {
	if !id.Shared() {
		return nil
	}
	apiVersion := "aws.m.upbound.io/v1beta1"
	if p.Input.ManagedResources.API == v1beta1.APICluster {
		apiVersion = "aws.upbound.io/v1beta1"
	}
	pcs := p.Spec().ProviderConfigs
	out := make([]Resource, 0, len(pcs))
	for _, pc := range pcs {
		meta := fields{"name": structpb.NewStringValue(pc.Name)}
		if pc.Namespace != "" {
			meta["namespace"] = structpb.NewStringValue(pc.Namespace)
		}
		spec := fields{"credentials": objectValue(fields{"source": structpb.NewStringValue(CredentialsSourcePodIdentity)})}
		if len(pc.AssumeRoleChain) > 0 {
			spec["assumeRoleChain"] = assumeRoleChain(pc.AssumeRoleChain)
		}
		identity := identityKey(apiVersion, pc.Kind, pc.Namespace, pc.Name)
		name := p.reuse(pc.Kind, "", identity, Name{Key: ProviderConfigKey(apiVersion, pc), Object: pc.Name})
		out = append(out, Resource{
			Name:      name.Key,
			Readiness: ReadyWhenObserved,
			Object:    newObject(apiVersion, pc.Kind, meta, fields{"spec": objectValue(spec)}),
			guard:     &guard{},
		})
	}
	return out
}

func assumeRoleChain(chain []spec.AssumeRole) *structpb.Value {
	links := make([]*structpb.Value, 0, len(chain))
	for _, ar := range chain {
		link := fields{"roleARN": structpb.NewStringValue(ar.RoleARN)}
		if ar.ExternalID != "" {
			link["externalID"] = structpb.NewStringValue(ar.ExternalID)
		}
		if len(ar.Tags) > 0 {
			tags := make([]*structpb.Value, 0, len(ar.Tags))
			for _, t := range ar.Tags {
				tags = append(tags, objectValue(fields{"key": structpb.NewStringValue(t.Key), "value": structpb.NewStringValue(t.Value)}))
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
