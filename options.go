package main

import (
	"fmt"

	"google.golang.org/protobuf/types/known/structpb"

	"k8s.io/apimachinery/pkg/util/validation"
	"k8s.io/apimachinery/pkg/util/validation/field"

	"github.com/crossplane-contrib/function-pod-identity/input/v1beta1"
)

// defaultManagedNamespace is where namespaced managed resources go unless the
// Input says otherwise: Crossplane's own namespace, beside the providers.
const defaultManagedNamespace = "crossplane-system"

// Options are the platform team's choices from the function's Input, with
// defaults applied.
type Options struct {
	API               v1beta1.API
	Namespace         string
	ProviderConfigRef *v1beta1.ProviderConfigReference
	DeletionPolicy    v1beta1.DeletionPolicy
	Guardrails        v1beta1.Guardrails
}

// inputAPIVersion and inputKind identify the function's Input.
const (
	inputAPIVersion = "podidentity.fn.crossplane.io/v1beta1"
	inputKind       = "Input"
)

// readOptions reads the Input, which is nil when the Composition gives none,
// and applies its defaults. It reads the Input's structpb fields the way
// readSpec reads the XR, so that every mistake is named by its path; the
// types in input/v1beta1 define the Input's CRD.
func readOptions(in *structpb.Struct) (Options, field.ErrorList) {
	o := Options{API: v1beta1.APINamespaced, Namespace: defaultManagedNamespace, DeletionPolicy: v1beta1.DeletionDelete}
	if in == nil {
		return o, nil
	}
	d := &decoder{}
	p := field.NewPath("input")
	f := in.GetFields()
	d.unknown(f, p, []string{"apiVersion", "kind", "metadata", "managedResources", "guardrails"})
	if v := d.str(f["apiVersion"], p.Child("apiVersion")); v != inputAPIVersion {
		d.errs = append(d.errs, field.NotSupported(p.Child("apiVersion"), v, []string{inputAPIVersion}))
	}
	if v := d.str(f["kind"], p.Child("kind")); v != inputKind {
		d.errs = append(d.errs, field.NotSupported(p.Child("kind"), v, []string{inputKind}))
	}

	mp := p.Child("managedResources")
	mr := d.object(f["managedResources"], mp, "api", "namespace", "providerConfigRef", "deletionPolicy")
	if v := d.str(mr["api"], mp.Child("api")); v != "" {
		o.API = v1beta1.API(v)
	}
	if v := d.str(mr["namespace"], mp.Child("namespace")); v != "" {
		o.Namespace = v
	}
	if v := d.str(mr["deletionPolicy"], mp.Child("deletionPolicy")); v != "" {
		o.DeletionPolicy = v1beta1.DeletionPolicy(v)
	}
	rp := mp.Child("providerConfigRef")
	if ref := d.object(mr["providerConfigRef"], rp, "kind", "name"); ref != nil {
		o.ProviderConfigRef = &v1beta1.ProviderConfigReference{Kind: d.str(ref["kind"], rp.Child("kind")), Name: d.str(ref["name"], rp.Child("name"))}
		if o.ProviderConfigRef.Kind == "" {
			o.ProviderConfigRef.Kind = defaultProviderConfigRefKind(o.API)
		}
	}

	gp := p.Child("guardrails")
	g := d.object(f["guardrails"], gp, "allowedPolicyArns", "requirePermissionsBoundary")
	o.Guardrails = v1beta1.Guardrails{
		AllowedPolicyArns:          d.strings(g["allowedPolicyArns"], gp.Child("allowedPolicyArns")),
		RequirePermissionsBoundary: d.boolean(g["requirePermissionsBoundary"], gp.Child("requirePermissionsBoundary")),
	}
	return o, d.errs
}

// defaultProviderConfigRefKind is the kind a managed resource's
// providerConfigRef means when it names none.
func defaultProviderConfigRefKind(api v1beta1.API) string {
	if api == v1beta1.APICluster {
		return kindProviderConfig
	}
	return kindClusterProviderConfig
}

// validate checks the Input. Its paths start at the Input's own fields.
func (o Options) validate() field.ErrorList {
	p := field.NewPath("input", "managedResources")
	var errs field.ErrorList
	if o.API != v1beta1.APINamespaced && o.API != v1beta1.APICluster {
		errs = append(errs, field.NotSupported(p.Child("api"), o.API, []v1beta1.API{v1beta1.APINamespaced, v1beta1.APICluster}))
	}
	if o.DeletionPolicy != v1beta1.DeletionDelete && o.DeletionPolicy != v1beta1.DeletionOrphan {
		errs = append(errs, field.NotSupported(p.Child("deletionPolicy"), o.DeletionPolicy, []v1beta1.DeletionPolicy{v1beta1.DeletionDelete, v1beta1.DeletionOrphan}))
	}
	errs = append(errs, kubernetesName(o.Namespace, p.Child("namespace"), isDNSLabel, validation.IsDNS1123Label)...)
	if ref := o.ProviderConfigRef; ref != nil {
		rp := p.Child("providerConfigRef")
		if ref.Name == "" {
			errs = append(errs, field.Required(rp.Child("name"), "the ProviderConfig with the bootstrap credentials"))
		} else {
			errs = append(errs, kubernetesName(ref.Name, rp.Child("name"), isDNSSubdomain, validation.IsDNS1123Subdomain)...)
		}
		switch {
		case o.API == v1beta1.APICluster && ref.Kind != kindProviderConfig:
			errs = append(errs, field.NotSupported(rp.Child("kind"), ref.Kind, []string{kindProviderConfig}))
		case ref.Kind != kindProviderConfig && ref.Kind != kindClusterProviderConfig:
			errs = append(errs, field.NotSupported(rp.Child("kind"), ref.Kind, []string{kindProviderConfig, kindClusterProviderConfig}))
		}
	}
	for i, pattern := range o.Guardrails.AllowedPolicyArns {
		if pattern == "" {
			errs = append(errs, field.Invalid(field.NewPath("input", "guardrails", "allowedPolicyArns").Index(i), pattern, "an empty pattern allows nothing"))
		}
	}
	return errs
}

// bootstrapFromComposed returns a warning when the managed resources would be
// created with credentials that the same XR composes: the chain would have to
// exist before it can create itself, and deleting the XR would pull the
// credentials from under its own managed resources.
func (o Options) bootstrapFromComposed(pcs []ProviderConfigSpec) error {
	kind, name := defaultProviderConfigRefKind(o.API), defaultProviderConfigName
	if o.ProviderConfigRef != nil {
		kind, name = o.ProviderConfigRef.Kind, o.ProviderConfigRef.Name
	}
	// A namespaced ProviderConfig serves managed resources of its own
	// namespace only.
	namespace := ""
	if o.API == v1beta1.APINamespaced && kind == kindProviderConfig {
		namespace = o.Namespace
	}
	for _, pc := range pcs {
		if pc.Kind == kind && pc.Name == name && pc.Namespace == namespace {
			return fmt.Errorf("the IAM role and the association are managed with %s %q, which this XR composes with the Pod Identity credentials it is creating: "+
				"they cannot be created before the role exists, and deleting the XR removes the credentials its own managed resources need to be deleted; "+
				"set input.managedResources.providerConfigRef to separate bootstrap credentials", kind, qualifiedName(namespace, name))
		}
	}
	return nil
}

func qualifiedName(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}
