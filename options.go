package main

import (
	"fmt"

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

// optionsFrom reads the Input, which may be nil when the Composition gives
// none, and applies its defaults.
func optionsFrom(in *v1beta1.Input) Options {
	o := Options{API: v1beta1.APINamespaced, Namespace: defaultManagedNamespace, DeletionPolicy: v1beta1.DeletionDelete}
	if in == nil {
		return o
	}
	o.Guardrails = in.Guardrails
	mr := in.ManagedResources
	if mr.API != "" {
		o.API = mr.API
	}
	if mr.Namespace != "" {
		o.Namespace = mr.Namespace
	}
	if mr.DeletionPolicy != "" {
		o.DeletionPolicy = mr.DeletionPolicy
	}
	if mr.ProviderConfigRef != nil {
		ref := *mr.ProviderConfigRef
		if ref.Kind == "" {
			ref.Kind = defaultProviderConfigRefKind(o.API)
		}
		o.ProviderConfigRef = &ref
	}
	return o
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
	errs = append(errs, kubernetesName(o.Namespace, p.Child("namespace"), validation.IsDNS1123Label)...)
	if ref := o.ProviderConfigRef; ref != nil {
		rp := p.Child("providerConfigRef")
		if ref.Name == "" {
			errs = append(errs, field.Required(rp.Child("name"), "the ProviderConfig with the bootstrap credentials"))
		} else {
			errs = append(errs, kubernetesName(ref.Name, rp.Child("name"), validation.IsDNS1123Subdomain)...)
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
