package main

import (
	"fmt"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"google.golang.org/protobuf/types/known/structpb"
)

// The XR condition that explains the credential chain's state: which composed
// resource blocks it, in the guide's order, and with the provider's own error.
const (
	conditionCredentialsReady = "CredentialsReady"

	reasonAvailable      = "Available"
	reasonCreating       = "Creating"
	reasonReconcileError = "ReconcileError"
)

// observed is what Crossplane saw of the composed resources, by name.
type observed map[string]*fnv1.Resource

func (o observed) object(name string) *structpb.Struct {
	return o[name].GetResource()
}

// lookup returns the value at path in s, or nil.
func lookup(s *structpb.Struct, path ...string) *structpb.Value {
	var v *structpb.Value
	for _, p := range path {
		v = s.GetFields()[p]
		s = v.GetStructValue()
	}
	return v
}

// stringAt returns the string at path in s, or "".
func stringAt(s *structpb.Struct, path ...string) string {
	return lookup(s, path...).GetStringValue()
}

// A condition as a provider reports it in status.conditions.
type condition struct {
	status, reason, message string
}

// conditionOf returns the condition of type typ of an observed resource.
func conditionOf(s *structpb.Struct, typ string) (condition, bool) {
	for _, c := range lookup(s, "status", "conditions").GetListValue().GetValues() {
		f := c.GetStructValue()
		if stringAt(f, "type") == typ {
			return condition{status: stringAt(f, "status"), reason: stringAt(f, "reason"), message: stringAt(f, "message")}, true
		}
	}
	return condition{}, false
}

// isReady tells whether the observed state of c makes it ready.
func isReady(c composed, obs *structpb.Struct) bool {
	if obs == nil {
		return false
	}
	switch c.readiness {
	case readyWhenObserved:
		return true
	case readyWhenHealthy:
		installed, _ := conditionOf(obs, "Installed")
		healthy, _ := conditionOf(obs, "Healthy")
		return installed.status == "True" && healthy.status == "True"
	case readyWhenConditionTrue:
		ready, _ := conditionOf(obs, "Ready")
		return ready.status == "True"
	}
	return false
}

// blocked explains why c is not ready, passing on the provider's own error,
// such as an AccessDenied from IAM, so that it reaches the XR.
func blocked(c composed, obs *structpb.Struct) (reason, message string) {
	if obs == nil {
		return reasonCreating, fmt.Sprintf("waiting for %s to be created", c.describe())
	}
	if synced, ok := conditionOf(obs, "Synced"); ok && synced.status == "False" {
		return reasonReconcileError, fmt.Sprintf("%s cannot be synced: %s: %s", c.describe(), synced.reason, synced.message)
	}
	for _, typ := range []string{"Ready", "Installed", "Healthy"} {
		if cond, ok := conditionOf(obs, typ); ok && cond.status != "True" && cond.message != "" {
			return reasonCreating, fmt.Sprintf("waiting for %s to become ready: %s: %s", c.describe(), cond.reason, cond.message)
		}
	}
	return reasonCreating, fmt.Sprintf("waiting for %s to become ready", c.describe())
}

// compositeStatus is the XR's status: what the spec decided, and what the
// provider observed once it is known.
func compositeStatus(s Spec, ids []identity, obs observed) fields {
	st := fields{
		"roleName":          stringValue(s.Role.Name),
		"serviceAccount":    objectValue(fields{"name": stringValue(s.ServiceAccount.Name), "namespace": stringValue(s.ServiceAccount.Namespace)}),
		"runtimeConfigName": stringValue(s.RuntimeConfig.Name),
	}
	role := obs.object(string(resourceRole))
	assoc := obs.object(string(resourceAssociation))
	for key, v := range map[string]string{
		"roleArn":        stringAt(role, "status", "atProvider", "arn"),
		"associationId":  stringAt(assoc, "status", "atProvider", "associationId"),
		"associationArn": stringAt(assoc, "status", "atProvider", "associationArn"),
		"externalId":     stringAt(assoc, "status", "atProvider", "externalId"),
	} {
		if v != "" {
			st[key] = stringValue(v)
		}
	}

	providers := make([]*structpb.Value, 0, len(s.Providers))
	for _, pr := range s.Providers {
		id := identityOf(ids, pr)
		p := fields{
			"name":           stringValue(pr.Name),
			"serviceAccount": stringValue(id.serviceAccount.Name),
			"ready":          boolValue(isReady(composed{readiness: readyWhenHealthy}, obs.object(string(providerResource(pr))))),
		}
		if v := stringAt(obs.object(string(id.resourceName(resourceRole))), "status", "atProvider", "arn"); v != "" {
			p["roleArn"] = stringValue(v)
		}
		if v := stringAt(obs.object(string(id.resourceName(resourceAssociation))), "status", "atProvider", "associationId"); v != "" {
			p["associationId"] = stringValue(v)
		}
		providers = append(providers, objectValue(p))
	}
	if len(providers) > 0 {
		st["providers"] = listValue(providers...)
	}

	if s.Agent.Install {
		agent := obs.object(string(resourceAgent))
		a := fields{"ready": boolValue(isReady(composed{}, agent))}
		if v := stringAt(agent, "status", "atProvider", "addonVersion"); v != "" {
			a["version"] = stringValue(v)
		}
		st["agent"] = objectValue(a)
	}
	return st
}
