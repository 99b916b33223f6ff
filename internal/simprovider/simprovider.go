// Package simprovider plays provider-aws and Crossplane's package manager for
// tests and benchmarks: it turns what a function desired into what Crossplane
// would observe once the providers have acted.
package simprovider

import (
	"crypto/sha256"
	"encoding/hex"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// conditionTypes are every condition a reader may look at: Ready and Synced
// of managed resources, Installed and Healthy of packages.
var conditionTypes = []string{"Ready", "Synced", "Installed", "Healthy"}

// Observe returns every desired resource as observed: it exists, its
// conditions are True (or all False when ready is false), and its
// status.atProvider carries an ARN and an association id derived from its
// name, so the same input always gives the same observation.
func Observe(desired map[string]*fnv1.Resource, ready bool) map[string]*fnv1.Resource {
	status := "True"
	if !ready {
		status = "False"
	}
	out := make(map[string]*fnv1.Resource, len(desired))
	for name, r := range desired {
		o := proto.CloneOf(r.GetResource())
		conds := make([]*structpb.Value, 0, len(conditionTypes))
		for _, typ := range conditionTypes {
			conds = append(conds, structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
				"type": structpb.NewStringValue(typ), "status": structpb.NewStringValue(status),
			}}))
		}
		sum := sha256.Sum256([]byte(name))
		o.Fields["status"] = structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
			"conditions": structpb.NewListValue(&structpb.ListValue{Values: conds}),
			"atProvider": structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
				"arn":           structpb.NewStringValue("arn:aws:iam::123456789012:role/" + name),
				"associationId": structpb.NewStringValue("a-" + hex.EncodeToString(sum[:])[:17]),
			}}),
		}})
		out[name] = &fnv1.Resource{Resource: o}
	}
	return out
}
