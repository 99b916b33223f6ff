package presets

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/crossplane-contrib/function-pod-identity/aws"
)

// MaxManagedPolicySize is the most characters of a managed policy document,
// whitespace not counted: IAM's limit, aws.MaxManagedPolicySize.
const MaxManagedPolicySize = aws.MaxManagedPolicySize

// policyVersion is the current policy language version, from "IAM JSON policy
// elements: Version",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html.
const policyVersion = "2012-10-17"

// The IAM actions and condition keys a preset grants by name. A principal
// needs iam:PassRole to hand a role to a service ("Grant a user permissions
// to pass a role to an AWS service",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html)
// and iam:CreateServiceLinkedRole when a service creates its service-linked
// role on first use ("Service-linked role permissions",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions).
// iam:PassedToService and iam:AWSServiceName name the service ("IAM and AWS
// STS condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
// The tests check all four against the Service Authorization Reference
// snapshot in data/iam-service-reference.json.
const (
	ActionPassRole                = "iam:PassRole"
	ConditionKeyPassedToService   = "iam:PassedToService"
	ActionCreateServiceLinkedRole = "iam:CreateServiceLinkedRole"
	ConditionKeyAWSServiceName    = "iam:AWSServiceName"
)

// Condition operators, from "IAM JSON policy elements: Condition operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html.
// AWS's own managed policies match iam:AWSServiceName with StringLike; the
// preset's values have no wildcards, so both operators mean the same.
const (
	operatorStringEquals = "StringEquals"
	operatorStringLike   = "StringLike"
)

// allResources is the Resource of every preset statement: a family manages
// resources whose names and ARNs only its users know. Narrowing is the
// user's: see README.md, "Least-privilege presets".
var allResources = []string{"*"}

// A PolicyDocument is an IAM policy document built from typed values and
// encoded with encoding/json, so that no value can break out of its string.
type PolicyDocument struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// A Statement of a PolicyDocument. Condition maps an operator to condition
// keys and their values; several values of one key match if any matches
// ("Create a condition with multiple context keys or values",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html).
type Statement struct {
	Effect    string                         `json:"Effect"`
	Action    []string                       `json:"Action"`
	Resource  []string                       `json:"Resource"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// String is the document as IAM receives it and counts it: compact JSON.
func (d PolicyDocument) String() string {
	// Strings, lists and maps of strings always encode.
	b, _ := json.Marshal(d)
	return string(b)
}

// Statements are the IAM policy statements of the preset, in this order and
// each only when the preset needs it: every action of every service prefix;
// iam:PassRole to the services the family passes roles to; and
// iam:CreateServiceLinkedRole for the services whose service-linked roles the
// family may create. An Empty preset has none.
func (p Preset) Statements() []Statement {
	var out []Statement
	if len(p.ServicePrefixes) > 0 {
		actions := make([]string, len(p.ServicePrefixes))
		for i, sp := range p.ServicePrefixes {
			// "You can use wildcards (*) to specify all actions for a
			// service" (IAM JSON policy elements: Action,
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
			actions[i] = sp.Name + ":*"
		}
		out = append(out, Statement{Effect: "Allow", Action: actions, Resource: allResources})
	}
	if len(p.PassRoleServices) > 0 {
		out = append(out, Statement{
			Effect:    "Allow",
			Action:    []string{ActionPassRole},
			Resource:  allResources,
			Condition: map[string]map[string][]string{operatorStringEquals: {ConditionKeyPassedToService: p.PassRoleServices}},
		})
	}
	if len(p.ServiceLinkedRoleServices) > 0 {
		out = append(out, Statement{
			Effect:    "Allow",
			Action:    []string{ActionCreateServiceLinkedRole},
			Resource:  allResources,
			Condition: map[string]map[string][]string{operatorStringLike: {ConditionKeyAWSServiceName: p.ServiceLinkedRoleServices}},
		})
	}
	return out
}

// A Policy is one policy document of a preset with the name it goes by.
type Policy struct {
	// Name is the family's name when its statements fit one document, and
	// <family>-<hash of the document> for each document when they do not.
	// It comes only from the family and the document's content, so adding or
	// removing another family never renames this one's policies.
	Name     string
	Document PolicyDocument
}

// Policies returns the preset's statements as policy documents of at most
// limit characters each (see Split); MaxManagedPolicySize for managed
// policies. An Empty preset has none.
func (p Preset) Policies(limit int) ([]Policy, error) {
	policies, err := Split(p.Family, p.Statements(), limit)
	if err != nil {
		return nil, fmt.Errorf("cannot fit the preset of %s into policies of %d characters: %w", p.Package, limit, err)
	}
	return policies, nil
}

// Split packs statements, in their order, into policy documents of at most
// limit characters of compact JSON each, opening a new document only when the
// next statement does not fit the current one. A statement too large for a
// document of its own is cut into statements that each fit one, by its
// actions or else by the values of its largest condition list whose
// operator allows it (see cuttable), so that the pieces together allow or
// deny exactly what the whole did. One
// document is named name; several are each named name-<hash of the
// document>, so that a document's name changes only with its content. The
// same statements always give the same documents.
func Split(name string, statements []Statement, limit int) ([]Policy, error) {
	fitsAlone := func(s Statement) bool { return documentSize(statementSize(s)) <= limit }
	var documents [][]Statement
	var sizes []int // sizes[i] is the sum of statementSize over documents[i]
	for i, s := range statements {
		pieces, err := cut(s, fitsAlone)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i, err)
		}
		for _, piece := range pieces {
			size := statementSize(piece)
			if last := len(documents) - 1; last >= 0 && documentSize(sizes[last]+1+size) <= limit {
				documents[last] = append(documents[last], piece)
				sizes[last] += 1 + size // the comma before it
				continue
			}
			documents = append(documents, []Statement{piece})
			sizes = append(sizes, size)
		}
	}
	policies := make([]Policy, len(documents))
	seen := make(map[string]bool, len(documents))
	for i, d := range documents {
		doc := PolicyDocument{Version: policyVersion, Statement: d}
		policies[i] = Policy{Name: name, Document: doc}
		if len(documents) > 1 {
			policies[i].Name = name + "-" + hash(doc.String())
		}
		if seen[policies[i].Name] {
			return nil, fmt.Errorf("two documents of %s: %w", name, errDuplicate)
		}
		seen[policies[i].Name] = true
	}
	return policies, nil
}

// documentSize is the size of a document whose statements take statements
// characters, the commas between them included: that and the Version and
// brackets around them.
func documentSize(statements int) int {
	return len(`{"Version":"`+policyVersion+`","Statement":[]}`) + statements
}

// statementSize is the number of characters of s in compact JSON. IAM counts
// characters, not bytes.
func statementSize(s Statement) int {
	b, _ := json.Marshal(s)
	return utf8.RuneCount(b)
}

// cut returns s if it fits, else s cut into statements that each fit: by
// its actions when it has several, else by the values of its largest
// condition list. Each piece takes as many values as fit, in order.
func cut(s Statement, fits func(Statement) bool) ([]Statement, error) {
	if fits(s) {
		return []Statement{s}, nil
	}
	values, with := splittable(s)
	if len(values) < 2 {
		return nil, fmt.Errorf("one statement of %d characters does not fit, and has no list left to cut: %w", statementSize(s), errTooLarge)
	}
	var out []Statement
	for len(values) > 0 {
		// The largest n whose piece fits; at least one value, which a
		// further cut (by the next list) must then make fit.
		n := 1
		for n < len(values) && fits(with(values[:n+1])) {
			n++
		}
		pieces, err := cut(with(values[:n]), fits)
		if err != nil {
			return nil, err
		}
		out = append(out, pieces...)
		values = values[n:]
	}
	return out, nil
}

// Why Split fails: a statement that cannot be cut to fit, or statements that
// repeat themselves so that two documents would have the same content and so
// the same name.
var (
	errTooLarge  = errors.New("statement too large")
	errDuplicate = errors.New("identical documents: the statements repeat themselves")
)

// splittable returns the list of s to cut, and a function that makes s with
// only some of that list's values: its actions when it has several, else the
// condition list with the most values (the first in operator and key order
// among equals) whose operator can be cut.
func splittable(s Statement) ([]string, func([]string) Statement) {
	if len(s.Action) > 1 {
		return s.Action, func(values []string) Statement {
			piece := s
			piece.Action = values
			return piece
		}
	}
	var operator, key string
	for _, op := range slices.Sorted(maps.Keys(s.Condition)) {
		if !cuttable(op) {
			continue
		}
		for _, k := range slices.Sorted(maps.Keys(s.Condition[op])) {
			if len(s.Condition[op][k]) > len(s.Condition[operator][key]) {
				operator, key = op, k
			}
		}
	}
	if operator == "" {
		return nil, nil
	}
	return s.Condition[operator][key], func(values []string) Statement {
		piece := s
		piece.Condition = make(map[string]map[string][]string, len(s.Condition))
		for op, keys := range s.Condition {
			piece.Condition[op] = maps.Clone(keys)
		}
		piece.Condition[operator][key] = values
		return piece
	}
}

// cuttable is true when a condition of operator matches a list of values
// exactly when it matches one part of the list or another, so that a
// statement cut by that list allows, or denies, what the whole did: the
// values of a key are ORed ("Create a condition with multiple context keys
// or values", see Statement). That is not so for negated operators
// (StringNotEquals: not a and not b), nor for ForAllValues, which needs
// every value of a multivalued key to be in the list.
func cuttable(operator string) bool {
	return !strings.Contains(operator, "Not") && !strings.HasPrefix(operator, "ForAllValues:")
}

// hashLength is how many hex digits of a SHA-256 a split document's name
// carries.
const hashLength = 8

// hash is a short, stable digest of a document: SHA-256, as the names the
// function derives elsewhere.
func hash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:hashLength]
}
