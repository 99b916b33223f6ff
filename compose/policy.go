package compose

import (
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/aws"
	"github.com/crossplane-contrib/function-pod-identity/presets"
	"github.com/crossplane-contrib/function-pod-identity/spec"
)

// KeyPresetPolicy is the kind of a preset's managed policy, as the first part
// of its composition resource name.
const KeyPresetPolicy = "preset-policy"

// A presetPolicy is one managed policy of a role's preset, where it lives and
// the AWS name it has.
type presetPolicy struct {
	family string
	name   Name
	aws    string
	policy presets.Policy
}

// presetPolicies are the managed policies of the identity's role's presets,
// one or more per family. Each is named after its role, its family and its
// content, so that adding or removing a family never renames another's.
func (p *Plan) presetPolicies(id *Identity) []presetPolicy {
	var out []presetPolicy
	for _, pr := range p.Spec().RolePresets(id.Isolated) {
		// Validation has fitted every preset into documents.
		policies, _ := pr.Policies(presets.MaxManagedPolicySize)
		for _, pol := range policies {
			awsName := spec.Shorten(id.Role.Name+"-"+pol.Name, aws.MaxPolicyNameLength)
			identity := identityKey(id.Role.Path, awsName)
			name := p.reuse("Policy", id.prefix()+KeyPresetPolicy, identity,
				managedName(p.XR.Name, id.prefix(), KeyPresetPolicy, contentName(pol.Name, identityKey(id.roleName.Object, pol.Name))))
			out = append(out, presetPolicy{family: pr.Family, name: name, aws: awsName, policy: pol})
		}
	}
	return out
}

// PresetPolicies composes the least-privilege presets of the identity's
// role, each a managed IAM policy that RolePolicyAttachments attaches: a
// managed policy holds 6,144 characters, an inline one shares the role's
// 10,240 with every other, and adding a family must not replace another's.
func PresetPolicies(p *Plan, id *Identity) []Resource {
	pps := p.presetPolicies(id)
	out := make([]Resource, 0, len(pps))
	for _, pp := range pps {
		fp := fields{
			"policy":      structpb.NewStringValue(pp.policy.Document.String()),
			"description": structpb.NewStringValue("Least-privilege preset of provider-aws-" + pp.family + " for role " + id.Role.Name),
		}
		if id.Role.Path != "" {
			fp["path"] = structpb.NewStringValue(id.Role.Path)
		}
		out = append(out, Resource{
			Name:   pp.name.Key,
			Object: managedResource(p.Input, "iam", "Policy", pp.name, pp.aws, false, fp),
		})
	}
	return out
}
