package main

// runtimeConfig composes the guide's step 3: the DeploymentRuntimeConfig that
// gives provider pods the ServiceAccount name the association matches.
// Without it the ServiceAccount is named after the package revision, with a
// random suffix no association can know.
func runtimeConfig(s Spec) composed {
	return composed{
		name:      resourceRuntimeConfig,
		readiness: readyWhenObserved,
		object: map[string]any{
			"apiVersion": "pkg.crossplane.io/v1beta1",
			"kind":       "DeploymentRuntimeConfig",
			"metadata":   map[string]any{"name": s.RuntimeConfig.Name},
			"spec": map[string]any{
				"serviceAccountTemplate": map[string]any{
					"metadata": map[string]any{"name": s.ServiceAccount.Name},
				},
			},
		},
	}
}
