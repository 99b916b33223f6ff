package main

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/crossplane/function-sdk-go/logging"
	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"github.com/crossplane/function-sdk-go/response"
	"google.golang.org/protobuf/types/known/structpb"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Function turns an XPodIdentity into the credential chain of EKS Pod
// Identity for Crossplane's AWS providers.
type Function struct {
	fnv1.UnimplementedFunctionRunnerServiceServer

	log logging.Logger
}

// RunFunction follows the guide: read and check what was asked, compose the
// role, its policies, the association, the DeploymentRuntimeConfig and the
// ProviderConfigs, then report readiness and status.
func (f *Function) RunFunction(_ context.Context, req *fnv1.RunFunctionRequest) (*fnv1.RunFunctionResponse, error) {
	rsp := response.To(req, response.DefaultTTL)

	opts, errs := readOptions(req.GetInput())
	xr := req.GetObserved().GetComposite().GetResource()
	xrName, idErrs := compositeIdentity(xr)
	spec, errs := readAndValidate(xr, opts, append(errs, idErrs...))
	if len(errs) > 0 {
		// A Fatal result makes Crossplane keep what it last applied.
		response.Fatal(rsp, errors.New("invalid XPodIdentity: "+joinErrors(errs)))
		return rsp, nil
	}
	spec = spec.withDefaults(xrName, opts.API)
	if err := opts.bootstrapFromComposed(spec.ProviderConfigs); err != nil {
		response.Warning(rsp, err)
	}

	obs := observed(req.GetObserved().GetResources())
	ids := identities(spec)
	resources, err := compose(spec, ids, xrName, opts, obs)
	if err != nil {
		response.Fatal(rsp, err)
		return rsp, nil
	}
	setDesired(rsp, resources, obs, compositeStatus(spec, ids, obs))
	f.log.Debug("Composed the Pod Identity credential chain", "xr", xrName, "resources", len(resources))
	return rsp, nil
}

// compositeIdentity returns the XR's name, which every default derives from.
// The XR must be cluster-scoped: a namespaced one cannot compose the
// DeploymentRuntimeConfig and ClusterProviderConfigs.
func compositeIdentity(xr *structpb.Struct) (string, field.ErrorList) {
	p := field.NewPath("metadata")
	var errs field.ErrorList
	name := stringAt(xr, "metadata", "name")
	if name == "" {
		errs = append(errs, field.Required(p.Child("name"), "the observed composite resource has no name"))
	}
	if ns := stringAt(xr, "metadata", "namespace"); ns != "" {
		errs = append(errs, field.Invalid(p.Child("namespace"), ns, "XPodIdentity composes cluster-scoped resources, so its XRD must have scope: Cluster"))
	}
	return name, errs
}

// readAndValidate reads the spec and checks it and the Input, returning every
// problem, after those found reading the Input and the XR's metadata. A
// field whose type is wrong is reported once, not again by the checks of its
// value.
func readAndValidate(xr *structpb.Struct, opts Options, readErrs field.ErrorList) (Spec, field.ErrorList) {
	spec, specErrs := readSpec(xr.GetFields()["spec"])
	readErrs = append(readErrs, specErrs...)
	errs := slices.Clone(readErrs)
	for _, e := range append(opts.validate(), validateSpec(spec, opts)...) {
		if !underAny(e.Field, readErrs) {
			errs = append(errs, e)
		}
	}
	return spec, errs
}

func underAny(path string, errs field.ErrorList) bool {
	for _, e := range errs {
		if path == e.Field || strings.HasPrefix(path, e.Field+".") || strings.HasPrefix(path, e.Field+"[") {
			return true
		}
	}
	return false
}

func joinErrors(errs field.ErrorList) string {
	msgs := make([]string, 0, len(errs))
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	return strings.Join(msgs, "; ")
}

// compose returns every resource of the credential chain, in the guide's
// order, which is also the order readiness is explained in: the agent, then
// per identity the role and its policies, the association, the
// DeploymentRuntimeConfig and the Provider packages, then the
// ProviderConfigs.
func compose(s Spec, ids []identity, xrName string, o Options, obs observed) ([]composed, error) {
	var out []composed
	if s.Agent.Install {
		out = append(out, agentAddon(s, xrName, o))
	}
	for _, id := range ids {
		role, err := roleResources(id, s.ClusterName, xrName, o)
		if err != nil {
			return nil, err
		}
		out = append(out, role...)

		roleArn := stringAt(obs.object(string(id.resourceName(resourceRole))), "status", "atProvider", "arn")
		assoc := association(id, s, xrName, o, roleArn)
		assocObserved := obs.object(string(assoc.name))
		out = append(out, assoc)

		if ownsServiceAccount(id) {
			out = append(out, serviceAccount(id))
		}
		out = append(out, runtimeConfig(id, stringAt(assocObserved, "status", "atProvider", "associationId")))
		out = append(out, providerPackages(id, isReady(assoc, assocObserved), obs)...)
	}
	return append(out, providerConfigs(s, o)...), nil
}

// setDesired adds the composed resources and the XR's status to the desired
// state. What earlier pipeline steps desired is kept as it is, and the
// request is not modified: the response gets its own maps.
func setDesired(rsp *fnv1.RunFunctionResponse, resources []composed, obs observed, status fields) {
	in := rsp.GetDesired()
	out := &fnv1.State{Resources: make(map[string]*fnv1.Resource, len(in.GetResources())+len(resources))}
	for name, r := range in.GetResources() {
		out.Resources[name] = r
	}

	blockedReason, blockedMessage := "", ""
	for _, c := range resources {
		r := &fnv1.Resource{Resource: c.object, Ready: fnv1.Ready_READY_FALSE}
		if o := obs.object(string(c.name)); isReady(c, o) {
			r.Ready = fnv1.Ready_READY_TRUE
		} else if blockedMessage == "" {
			blockedReason, blockedMessage = blocked(c, o)
		}
		out.Resources[string(c.name)] = r
	}

	out.Composite = &fnv1.Resource{Resource: withStatus(in.GetComposite().GetResource(), status)}
	rsp.Desired = out

	if blockedMessage != "" {
		response.ConditionFalse(rsp, conditionCredentialsReady, blockedReason).WithMessage(blockedMessage).TargetComposite()
	} else {
		response.ConditionTrue(rsp, conditionCredentialsReady, reasonAvailable).TargetComposite()
	}
}

// withStatus returns a copy of the desired XR with the function's status
// fields merged into what earlier steps set.
func withStatus(xr *structpb.Struct, status fields) *structpb.Struct {
	out := make(fields, len(xr.GetFields())+1)
	maps.Copy(out, xr.GetFields())
	earlier := lookup(xr, "status").GetStructValue().GetFields()
	st := make(fields, len(earlier)+len(status))
	maps.Copy(st, earlier)
	maps.Copy(st, status)
	out["status"] = objectValue(st)
	return &structpb.Struct{Fields: out}
}
