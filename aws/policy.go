package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

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

// CompactPolicy checks that doc is an IAM policy document, a JSON object
// with a Statement, and returns it without insignificant whitespace, which
// is what IAM counts against its size limits. CheckPolicy supersedes it: it
// checks what IAM checks and says where each problem is. CompactPolicy
// remains, unchanged, until validation calls CheckPolicy instead.
func CompactPolicy(doc string) (string, error) {
	var b bytes.Buffer
	b.Grow(len(doc))
	if err := json.Compact(&b, []byte(doc)); err != nil {
		return "", fmt.Errorf("must be a JSON policy document: %w", err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b.Bytes(), &fields); err != nil || fields == nil {
		return "", errors.New("must be a JSON object: an IAM policy document with a Statement")
	}
	st := fields["Statement"]
	if len(st) == 0 || (st[0] != '[' && st[0] != '{') {
		return "", errors.New("must be a JSON policy document with a Statement object or list")
	}
	if v, ok := fields["Version"]; ok && string(v) != `"`+PolicyVersion+`"` && string(v) != `"`+PolicyVersion2008+`"` {
		return "", errors.New("policy Version must be " + PolicyVersion)
	}
	return b.String(), nil
}
