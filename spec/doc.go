// Package spec reads what an RunFunction request asks for: the XR's spec and
// the function's Input. As in Kubernetes' API machinery, types, defaults
// and validation are apart: Read decodes strictly, SetDefaults fills in what
// was left out, and Validate checks the defaulted result, naming every
// problem by the path of the field the user wrote. Load does all three.
//
// The types in types.go are the XR's API: the XRD's schema is generated from
// them (go generate ./...) and Read decodes the XR's spec with them, so that
// the XRD and the function cannot disagree on a field. The function reads
// only metadata.name, metadata.namespace, metadata.uid (fn.go, to tell the
// XR's composed resources from others) and spec; the group, version and
// kind are the platform team's to choose.
//
// +groupName=platform.example.org
// +versionName=v1alpha1
package spec
