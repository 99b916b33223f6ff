// Package simprovider plays provider-aws and Crossplane's package manager for
// tests and benchmarks: it turns what a function desired into what Crossplane
// would observe once the providers have acted.
package simprovider

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
)

// Account is the AWS account the simulated provider creates everything in.
const Account = "123456789012"

// conditionTypes are every condition a reader may look at: Ready and Synced
// of managed resources, Installed and Healthy of packages.
var conditionTypes = []string{"Ready", "Synced", "Installed", "Healthy"}

// Observe returns every desired resource as Crossplane observes it once the
// providers have acted: controlled by the XR, its conditions True (or all
// False when ready is false), and, for the managed resources, the
// status.atProvider AWS would report, derived from what was desired so that
// the same input always gives the same observation.
func Observe(xr *structpb.Struct, desired map[string]*fnv1.Resource, ready bool) map[string]*fnv1.Resource {
	status := "True"
	if !ready {
		status = "False"
	}
	meta := xr.GetFields()["metadata"].GetStructValue().GetFields()
	region := xr.GetFields()["spec"].GetStructValue().GetFields()["region"].GetStringValue()
	owner := structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
		"apiVersion": xr.GetFields()["apiVersion"], "kind": xr.GetFields()["kind"], "name": meta["name"], "uid": meta["uid"],
		"controller": structpb.NewBoolValue(true), "blockOwnerDeletion": structpb.NewBoolValue(true),
	}})
	out := make(map[string]*fnv1.Resource, len(desired))
	for name, r := range desired {
		o := proto.CloneOf(r.GetResource())
		m := o.GetFields()["metadata"].GetStructValue()
		m.Fields["ownerReferences"] = structpb.NewListValue(&structpb.ListValue{Values: []*structpb.Value{owner}})
		conds := make([]*structpb.Value, 0, len(conditionTypes))
		for _, typ := range conditionTypes {
			conds = append(conds, structpb.NewStructValue(&structpb.Struct{Fields: map[string]*structpb.Value{
				"type": structpb.NewStringValue(typ), "status": structpb.NewStringValue(status),
			}}))
		}
		st := map[string]*structpb.Value{"conditions": structpb.NewListValue(&structpb.ListValue{Values: conds})}
		if ap := atProvider(o, region); ap != nil {
			st["atProvider"] = structpb.NewStructValue(&structpb.Struct{Fields: ap})
		}
		o.Fields["status"] = structpb.NewStructValue(&structpb.Struct{Fields: st})
		out[name] = &fnv1.Resource{Resource: o}
	}
	return out
}

// atProvider is what AWS reports of a managed resource, derived from what
// was desired of it.
func atProvider(o *structpb.Struct, region string) map[string]*structpb.Value {
	str := func(path ...string) string {
		v := structpb.NewStructValue(o)
		for _, p := range path {
			v = v.GetStructValue().GetFields()[p]
		}
		return v.GetStringValue()
	}
	s := structpb.NewStringValue
	partition := "aws"
	switch {
	case strings.HasPrefix(region, "cn-"):
		partition = "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		partition = "aws-us-gov"
	}
	switch str("kind") {
	case "Role":
		path := str("spec", "forProvider", "path")
		if path == "" {
			path = "/"
		}
		return map[string]*structpb.Value{"arn": s("arn:" + partition + ":iam::" + Account + ":role" + path + str("metadata", "annotations", "crossplane.io/external-name"))}
	case "PodIdentityAssociation":
		sum := sha256.Sum256([]byte(str("metadata", "name")))
		id := "a-" + hex.EncodeToString(sum[:])[:17]
		ap := map[string]*structpb.Value{
			"associationId":  s(id),
			"associationArn": s("arn:" + partition + ":eks:" + region + ":" + Account + ":podidentityassociation/" + str("spec", "forProvider", "clusterName") + "/" + id),
		}
		if v := str("spec", "forProvider", "roleArn"); v != "" {
			ap["roleArn"] = s(v)
		}
		if v := str("spec", "forProvider", "targetRoleArn"); v != "" {
			ap["targetRoleArn"] = s(v)
		}
		return ap
	case "Addon":
		version := str("spec", "forProvider", "addonVersion")
		if version == "" {
			version = "v1.3.8-eksbuild.2"
		}
		return map[string]*structpb.Value{"addonVersion": s(version)}
	}
	return nil
}
