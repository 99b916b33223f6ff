package aws

import "encoding/json"

// Policy language versions, from "IAM JSON policy elements: Version",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html.
const (
	// PolicyVersion is the current policy language version.
	PolicyVersion = "2012-10-17"
	// PolicyVersion2008 is the earlier version, still accepted.
	PolicyVersion2008 = "2008-10-17"
)

// Statement effects, from "IAM JSON policy elements: Effect",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html:
// "Valid values for Effect are Allow and Deny. The Effect value is case
// sensitive."
const (
	EffectAllow = "Allow"
	EffectDeny  = "Deny"
)

// A PolicyDocument is an IAM policy document the function writes itself. Its
// fields are typed and it is encoded with encoding/json, so that no value can
// break out of its string.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// A Statement of a PolicyDocument. Principal is for trust policies only;
// Resource for permission policies only.
type Statement struct {
	Effect    string                       `json:"Effect"`
	Principal map[string]string            `json:"Principal,omitempty"`
	Action    []string                     `json:"Action"`
	Resource  []string                     `json:"Resource,omitempty"`
	Condition map[string]map[string]string `json:"Condition,omitempty"`
}

// String is the document as IAM receives it: compact JSON.
func (d PolicyDocument) String() string {
	// Strings, lists and maps of strings always encode.
	b, _ := json.Marshal(d)
	return string(b)
}
