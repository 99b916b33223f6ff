// Package compose turns a defaulted, validated XPodIdentity into the
// resources of its credential chain, one kind per file behind one Builder
// signature, and explains from the observed state which of them are ready,
// what blocks the chain, and what the XR's status says.
//
// Builders are pure: they read the Plan (what was asked and what Crossplane
// observed) and return objects. The composed objects and the status are
// built as structpb values, the form they leave the function in, rather than
// as Go maps or types converted afterwards: that saves a second copy of every
// object on every call, which the benchmark shows is a third of the
// function's own cost.
package compose
