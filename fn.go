package main

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/resource"
	"github.com/crossplane/function-sdk-go/response"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/compose"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// ConditionCredentialsReady is the XR condition that explains the
// credential chain's state: which composed resource blocks it, in the
// guide's order, with the provider's own error.
const ConditionCredentialsReady = "CredentialsReady"

// Function turns an XPodIdentity into the credential chain of EKS Pod
// Identity for Crossplane's AWS providers.
type Function struct {
	fnv1.UnimplementedFunctionRunnerServiceServer

	log logging.Logger
}

// RunFunction follows the guide: read and check what was asked, compose the
// agent, the role and its policies, the association, the ServiceAccount and
// the DeploymentRuntimeConfig, the Provider packages and the
// ProviderConfigs, then report what is ready and what blocks the chain.
func (f *Function) RunFunction(ctx context.Context, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, error) {
	rsp := response.To(req, response.DefaultTTL)

	observedXR := req.GetObserved().GetComposite().GetResource()
	xr, in, errs := spec.Load(observedXR, req.GetInput())
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		// A Fatal result makes Crossplane keep what it last applied.
		response.Fatal(rsp, errors.New("invalid XPodIdentity: "+spec.Explain(errs)))
		return rsp, nil
	}
	if err := spec.BootstrapWarning(xr, in); err != nil {
		response.Warning(rsp, err)
	}

	plan := compose.NewPlan(xr, in, uidOf(observedXR), observed(req), existing(req))
	result := compose.Compose(plan)
	if err := ctx.Err(); err != nil {
		// Crossplane has given up on this call; its answer would be lost.
		return nil, err
	}
	rsp.Requirements = requirements(result.Requirements)
	result.Refusals = append(result.Refusals, earlierSteps(req, result.Resources)...)
	if len(result.Refusals) > 0 {
		response.Fatal(rsp, errors.New("cannot compose XPodIdentity: "+spec.Join(result.Refusals)))
		return rsp, nil
	}
	for _, w := range result.Warnings {
		response.Warning(rsp, errors.New(w))
	}
	setDesired(rsp, result)
	if b := result.Blocker; b != nil {
		response.ConditionFalse(rsp, ConditionCredentialsReady, b.Reason).WithMessage(b.Message).TargetComposite()
	} else {
		response.ConditionTrue(rsp, ConditionCredentialsReady, compose.ReasonAvailable).TargetComposite()
	}
	f.log.Debug("Composed the Pod Identity credential chain", "xr", xr.Name, "resources", len(result.Resources))
	return rsp, nil
}

// earlierSteps refuses to compose a resource under a name an earlier step of
// the pipeline already desires: one of the two would silently replace the
// other.
func earlierSteps(req *fnv1.RunFunctionRequest, resources []compose.Resource) []string {
	var out []string
	for _, r := range resources {
		if earlier, ok := req.GetDesired().GetResources()[string(r.Name)]; ok {
			f := earlier.GetResource().GetFields()
			out = append(out, fmt.Sprintf("an earlier step of the pipeline desires %s %s as %s, the name this step composes %s under; rename the earlier step's resource",
				spec.Clip(f["kind"].GetStringValue()), spec.SafeKey(f["metadata"].GetStructValue().GetFields()["name"].GetStringValue()), r.Name, compose.Describe(r)))
		}
	}
	return out
}

// uidOf is an object's metadata.uid.
func uidOf(s *structpb.Struct) string {
	return s.GetFields()["metadata"].GetStructValue().GetFields()["uid"].GetStringValue()
}

// observed is what Crossplane observed of the composed resources.
func observed(req *fnv1.RunFunctionRequest) compose.Observed {
	in := req.GetObserved().GetResources()
	out := make(compose.Observed, len(in))
	for name, r := range in {
		out[resource.Name(name)] = r.GetResource()
	}
	return out
}

// existing is what Crossplane found of the objects the function asked about.
func existing(req *fnv1.RunFunctionRequest) compose.Existing {
	in := req.GetRequiredResources()
	out := make(compose.Existing, len(in))
	for name, rs := range in {
		found := make([]*structpb.Struct, 0, len(rs.GetItems()))
		for _, r := range rs.GetItems() {
			found = append(found, r.GetResource())
		}
		out[name] = found
	}
	return out
}

// requirements asks Crossplane for the objects the function needs to see.
func requirements(in map[string]compose.Requirement) *fnv1.Requirements {
	if len(in) == 0 {
		return nil
	}
	out := &fnv1.Requirements{Resources: make(map[string]*fnv1.ResourceSelector, len(in))}
	for name, r := range in {
		sel := &fnv1.ResourceSelector{ApiVersion: r.APIVersion, Kind: r.Kind}
		if r.Namespace != "" {
			sel.Namespace = proto.String(r.Namespace)
		}
		// Without a name, Crossplane lists every object of the kind, in
		// every namespace unless one is given
		// (internal/xfn/required_resources.go).
		if r.Name != "" {
			sel.Match = &fnv1.ResourceSelector_MatchName{MatchName: r.Name}
		}
		out.Resources[name] = sel
	}
	return out
}

// setDesired adds the composed resources and the XR's status to the desired
// state. What earlier pipeline steps desired is kept as it is, the XR's
// connection details and readiness included, and the request is not
// modified: the response gets its own maps.
func setDesired(rsp *fnv1.RunFunctionResponse, result *compose.Result) {
	in := rsp.GetDesired()
	out := &fnv1.State{Resources: make(map[string]*fnv1.Resource, len(in.GetResources())+len(result.Resources))}
	maps.Copy(out.Resources, in.GetResources())
	for _, r := range result.Resources {
		ready := fnv1.Ready_READY_FALSE
		if r.Ready {
			ready = fnv1.Ready_READY_TRUE
		}
		out.Resources[string(r.Name)] = &fnv1.Resource{Resource: r.Object, Ready: ready}
	}
	out.Composite = &fnv1.Resource{
		Resource:          withStatus(in.GetComposite().GetResource(), result.Status),
		ConnectionDetails: in.GetComposite().GetConnectionDetails(),
		Ready:             in.GetComposite().GetReady(),
	}
	rsp.Desired = out
}

// withStatus returns a copy of the desired XR with the function's status
// fields merged into what earlier steps set.
func withStatus(xr, status *structpb.Struct) *structpb.Struct {
	out := make(map[string]*structpb.Value, len(xr.GetFields())+1)
	maps.Copy(out, xr.GetFields())
	earlier := xr.GetFields()["status"].GetStructValue().GetFields()
	st := make(map[string]*structpb.Value, len(earlier)+len(status.GetFields()))
	maps.Copy(st, earlier)
	maps.Copy(st, status.GetFields())
	out["status"] = structpb.NewStructValue(&structpb.Struct{Fields: st})
	return &structpb.Struct{Fields: out}
}
