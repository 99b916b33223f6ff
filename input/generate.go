//go:generate rm -rf ../package/input/
//go:generate go tool controller-gen paths=./v1beta1 object crd:crdVersions=v1 output:artifacts:config=../package/input

// Package input generates the Input's deepcopy functions and its CRD under
// package/input, with the controller-gen the go.mod tool directive pins.
package input
