package aws

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// An IdentityPolicy is a checked identity-based policy document: one that
// is attached to a role, inline or managed.
type IdentityPolicy struct {
	// Compact is the document without insignificant whitespace, in its
	// own order: what IAM stores and measures.
	Compact string
	// Size is how many characters of Compact IAM counts against its size
	// quotas (MaxInlinePoliciesSize, MaxManagedPolicySize): "IAM does not
	// count white space", and the whitespace inside strings is part of
	// their values, so it is counted.
	Size int
	// Statements are the document's statements, in order.
	Statements []PolicyStatement
}

// A PolicyStatement is what a statement does to which actions: enough for a
// guardrail that checks every action a policy allows against a list.
type PolicyStatement struct {
	// Path is the statement's place: Statement[1], or Statement when the
	// document's Statement is a single object.
	Path string
	// Effect is EffectAllow or EffectDeny.
	Effect string
	// NotAction tells that the statement names its actions in NotAction:
	// it then applies to every action except Actions.
	NotAction bool
	// Actions are the statement's Action or NotAction strings, as written.
	Actions []PolicyAction
}

// A PolicyAction is one action string of a statement and its place.
type PolicyAction struct {
	// Path is Statement[1].Action[0], or Statement[1].Action when the
	// statement gives a single string.
	Path string
	// Name is the action as written: "*", or a service prefix, ':' and an
	// action name that may have wildcards, e.g. s3:Get*.
	Name string
}

// CheckPolicy checks doc as IAM checks an identity-based policy document,
// after "IAM JSON policy grammar" (IAM User Guide),
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html,
// and returns it compacted, with the actions of each statement. It reports
// every problem it finds, each with its place in the document:
//
//   - at most MaxPolicyDocumentLength characters, and only the characters
//     IAM allows in a policy document: tab, line feed, carriage return and
//     U+0020 to U+00FF ("IAM and AWS STS quotas",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html);
//   - one JSON object, and no object in it with the same key twice:
//     "Individual elements must not contain multiple instances of the same
//     key" (grammar notes); encoding/json would keep only the last one;
//   - Version absent, PolicyVersion or PolicyVersion2008; no Id, which
//     "must not be included in identity-based policies" (grammar notes);
//     nothing else but a Statement, which is one statement object or a
//     non-empty list of them;
//   - in each statement: Effect exactly EffectAllow or EffectDeny; exactly
//     one of Action and NotAction and exactly one of Resource and
//     NotResource, each a string or a non-empty list of strings; no
//     Principal or NotPrincipal, which "must not be included in
//     identity-based policies"; a Sid of ASCII letters and digits only,
//     unique in the document ("IAM JSON policy elements: Sid",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html);
//     a Condition that is an object of operators, each an object of keys
//     whose values are strings, numbers, booleans or lists of them; and no
//     other element;
//   - actions "*" or SERVICE:ACTION, one colon, the service prefix without
//     wildcards ("IAM JSON policy elements: Action",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html;
//     IAM answers MalformedPolicyDocument "Actions/Condition can contain
//     only one colon" and "Action vendors … must not contain wildcards");
//     resources "*" or an ARN ("IAM JSON policy elements: Resource",
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
//
// Sizes against the role's quotas are the caller's to add up, from Size.
// When there are problems the IdentityPolicy is the zero value.
func CheckPolicy(doc string) (IdentityPolicy, []Problem) {
	if doc == "" {
		return IdentityPolicy{}, []Problem{{Type: ProblemRequired, Detail: "an IAM policy document, a JSON object"}}
	}
	if len(doc) > MaxPolicyDocumentLength {
		if n := utf8.RuneCountInString(doc); n > MaxPolicyDocumentLength {
			return IdentityPolicy{}, []Problem{{Type: ProblemTooLong, Detail: fmt.Sprintf("is %d characters; IAM takes policy documents of at most %d", n, MaxPolicyDocumentLength)}}
		}
	}
	var problems []Problem
	if p, ok := checkPolicyCharacters(doc); !ok {
		problems = append(problems, p)
	}

	var b bytes.Buffer
	b.Grow(len(doc))
	if err := json.Compact(&b, []byte(doc)); err != nil {
		return IdentityPolicy{}, append(problems, Problem{Type: ProblemInvalid, Detail: "is not JSON: " + describeJSONError(doc, err)})
	}
	compact := b.String()
	root, dups, err := readJSON(compact)
	if err != nil {
		// json.Compact has accepted the document, so the decoder cannot
		// fail on it; if it does, say so rather than guess.
		return IdentityPolicy{}, append(problems, Problem{Type: ProblemInvalid, Detail: fmt.Sprintf("cannot be read: %v", err)})
	}
	problems = append(problems, dups...)
	c := policyChecker{sids: map[string]bool{}}
	c.document(root)
	if problems = append(problems, c.problems...); len(problems) > 0 {
		return IdentityPolicy{}, problems
	}
	return IdentityPolicy{Compact: compact, Size: utf8.RuneCountInString(compact), Statements: c.statements}, nil
}

// checkPolicyCharacters finds the first character IAM does not allow in a
// policy document: policyDocumentType's [\u0009\u000A\u000D\u0020-\u00FF]
// in the IAM API model. Bytes that are not UTF-8 are no characters at all.
func checkPolicyCharacters(doc string) (Problem, bool) {
	chars := 0
	for i, r := range doc {
		chars++
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xFF) {
			continue
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(doc[i:]); size == 1 {
				return Problem{Type: ProblemInvalid, Detail: fmt.Sprintf("byte %d is not UTF-8; IAM allows only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy document", i+1)}, false
			}
		}
		return Problem{Type: ProblemInvalid, Detail: fmt.Sprintf("character %d is %U; IAM allows only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy document", chars, r)}, false
	}
	return Problem{}, true
}

// describeJSONError says where a document stops being JSON. json.Compact's
// errors do not say where; json.Unmarshal's do, so the document is read
// again, only when it is not JSON.
func describeJSONError(doc string, err error) string {
	var syntax *json.SyntaxError
	if errors.As(json.Unmarshal([]byte(doc), new(json.RawMessage)), &syntax) {
		return fmt.Sprintf("%v (at byte %d)", syntax, syntax.Offset)
	}
	return err.Error()
}

// jsonKind is the kind of a JSON value.
type jsonKind uint8

const (
	jsonObject jsonKind = iota
	jsonArray
	jsonString
	jsonNumber
	jsonBool
	jsonNull
)

// A jsonNode is a JSON value that keeps what encoding/json's maps lose: the
// order of an object's members, and members with the same key.
type jsonNode struct {
	kind jsonKind
	// text is a string's value, or the compact JSON text of any other
	// value.
	text string
	// members are an object's members, in order, each key once: its
	// first member.
	members []jsonMember
	items   []*jsonNode
}

type jsonMember struct {
	name  string
	value *jsonNode
}

// readJSON reads one JSON value from compact, valid JSON, token by token,
// and reports every key an object repeats.
func readJSON(compact string) (*jsonNode, []Problem, error) {
	r := jsonReader{dec: json.NewDecoder(strings.NewReader(compact)), compact: compact}
	r.dec.UseNumber()
	root, err := r.value(nil)
	if err != nil {
		return nil, nil, err
	}
	if _, err := r.dec.Token(); !errors.Is(err, io.EOF) {
		return nil, nil, errors.New("more than one JSON value")
	}
	return root, r.duplicates, nil
}

type jsonReader struct {
	dec        *json.Decoder
	compact    string
	duplicates []Problem
}

func (r *jsonReader) value(path *docPath) (*jsonNode, error) {
	tok, err := r.dec.Token()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", pathOrDocument(path), err)
	}
	switch t := tok.(type) {
	case json.Delim:
		// The document is compact: the delimiter is the byte just read.
		start := r.dec.InputOffset() - 1
		n := &jsonNode{kind: jsonArray}
		if t == '{' {
			n.kind = jsonObject
			if err := r.members(n, path); err != nil {
				return nil, err
			}
		} else {
			for i := 0; r.dec.More(); i++ {
				item, err := r.value(path.item(i))
				if err != nil {
					return nil, err
				}
				n.items = append(n.items, item)
			}
		}
		if _, err := r.dec.Token(); err != nil {
			return nil, fmt.Errorf("reading the end of %s: %w", pathOrDocument(path), err)
		}
		n.text = r.compact[start:r.dec.InputOffset()]
		return n, nil
	case string:
		return &jsonNode{kind: jsonString, text: t}, nil
	case json.Number:
		return &jsonNode{kind: jsonNumber, text: t.String()}, nil
	case bool:
		return &jsonNode{kind: jsonBool, text: strconv.FormatBool(t)}, nil
	default:
		return &jsonNode{kind: jsonNull, text: "null"}, nil
	}
}

// members reads an object's members after its '{'. A member whose key the
// object already has is reported and read, for what it holds, but not
// kept: the object's first member of each key is the one checked.
func (r *jsonReader) members(n *jsonNode, path *docPath) error {
	seen := map[string]bool{}
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return fmt.Errorf("reading a key of %s: %w", pathOrDocument(path), err)
		}
		key, _ := tok.(string)
		child := path.child(key)
		duplicate := seen[key]
		if duplicate {
			r.duplicates = append(r.duplicates, Problem{Type: ProblemDuplicate, Path: child.String(), Value: key,
				Detail: "is a key this object already has; IAM refuses a policy in which an element has the same key twice"})
		}
		seen[key] = true
		v, err := r.value(child)
		if err != nil {
			return err
		}
		if !duplicate {
			n.members = append(n.members, jsonMember{name: key, value: v})
		}
	}
	return nil
}

// documentRoot is the path of the document as a whole.
var documentRoot *docPath

func pathOrDocument(p *docPath) string {
	if s := p.String(); s != "" {
		return s
	}
	return "the document"
}

// policyChecker checks a policy document's grammar and collects its
// statements.
type policyChecker struct {
	problems   []Problem
	statements []PolicyStatement
	// sids are the statement IDs seen so far.
	sids map[string]bool
}

func (c *policyChecker) add(t ProblemType, path *docPath, value, detail string) {
	c.problems = append(c.problems, Problem{Type: t, Path: path.String(), Value: value, Detail: detail})
}

func (c *policyChecker) document(root *jsonNode) {
	if root.kind != jsonObject {
		c.add(ProblemInvalid, nil, root.text, "must be a JSON object, an IAM policy document with a Statement")
		return
	}
	var statement *jsonNode
	for _, m := range root.members {
		path := documentRoot.child(m.name)
		switch m.name {
		case "Version":
			if m.value.kind != jsonString || (m.value.text != PolicyVersion && m.value.text != PolicyVersion2008) {
				c.add(ProblemInvalid, path, m.value.text, fmt.Sprintf("must be %q (or the older %q)", PolicyVersion, PolicyVersion2008))
			}
		case "Statement":
			statement = m.value
		case "Id":
			c.add(ProblemForbidden, path, "", "an identity-based policy must not have an Id")
		default:
			c.add(ProblemForbidden, path, "", "is not an element of an IAM policy, which has Version and Statement")
		}
	}
	path := documentRoot.child("Statement")
	switch {
	case statement == nil:
		c.add(ProblemRequired, path, "", "one statement object or a list of them")
	case statement.kind == jsonObject:
		c.statement(statement, path)
	case statement.kind != jsonArray:
		c.add(ProblemInvalid, path, statement.text, "must be a statement object or a list of them")
	case len(statement.items) == 0:
		c.add(ProblemInvalid, path, statement.text, "must hold at least one statement")
	default:
		for i, item := range statement.items {
			if item.kind != jsonObject {
				c.add(ProblemInvalid, path.item(i), item.text, "must be a statement object")
				continue
			}
			c.statement(item, path.item(i))
		}
	}
}

// statement checks one statement object.
func (c *policyChecker) statement(n *jsonNode, path *docPath) {
	var effect string
	var action, notAction, resource, notResource *jsonNode
	for _, m := range n.members {
		mp := path.child(m.name)
		switch m.name {
		case "Sid":
			c.sid(m.value, mp)
		case "Effect":
			if m.value.kind == jsonString && (m.value.text == EffectAllow || m.value.text == EffectDeny) {
				effect = m.value.text
			} else {
				c.add(ProblemInvalid, mp, m.value.text, fmt.Sprintf("must be %q or %q, in that case", EffectAllow, EffectDeny))
			}
		case "Action":
			action = m.value
		case "NotAction":
			notAction = m.value
		case "Resource":
			resource = m.value
		case "NotResource":
			notResource = m.value
		case "Condition":
			c.condition(m.value, mp)
		case "Principal", "NotPrincipal":
			c.add(ProblemForbidden, mp, "", "an identity-based policy names no principal: the role it is attached to is the principal")
		default:
			c.add(ProblemForbidden, mp, "", "is not an element of an IAM policy statement, which has Sid, Effect, Action or NotAction, Resource or NotResource, and Condition")
		}
	}
	if _, ok := memberNamed(n, "Effect"); !ok {
		c.add(ProblemRequired, path.child("Effect"), "", fmt.Sprintf("%q or %q", EffectAllow, EffectDeny))
	}
	actionsOK := c.exactlyOne(path, "Action", action, "NotAction", notAction, "the actions the statement applies to")
	c.exactlyOne(path, "Resource", resource, "NotResource", notResource, "the resources the statement applies to")

	var actions []PolicyAction
	switch {
	case action != nil:
		actions = c.stringList(action, path.child("Action"), "action", checkAction)
	case notAction != nil:
		actions = c.stringList(notAction, path.child("NotAction"), "action", checkAction)
	}
	switch {
	case resource != nil:
		c.stringList(resource, path.child("Resource"), "resource", checkResource)
	case notResource != nil:
		c.stringList(notResource, path.child("NotResource"), "resource", checkResource)
	}
	if effect != "" && actionsOK && actions != nil {
		c.statements = append(c.statements, PolicyStatement{Path: path.String(), Effect: effect, NotAction: notAction != nil, Actions: actions})
	}
}

// memberNamed is n's member of the given name.
func memberNamed(n *jsonNode, name string) (*jsonNode, bool) {
	for _, m := range n.members {
		if m.name == name {
			return m.value, true
		}
	}
	return nil, false
}

// exactlyOne checks that a statement has one of two exclusive elements, and
// tells whether it has.
func (c *policyChecker) exactlyOne(path *docPath, name string, value *jsonNode, notName string, notValue *jsonNode, what string) bool {
	switch {
	case value == nil && notValue == nil:
		c.add(ProblemRequired, path.child(name), "", fmt.Sprintf("%s: %s or %s", what, name, notName))
		return false
	case value != nil && notValue != nil:
		c.add(ProblemForbidden, path.child(notName), "", fmt.Sprintf("a statement has %s or %s, not both", name, notName))
		return false
	}
	return true
}

// stringList reads an Action, NotAction, Resource or NotResource: a string, or
// a non-empty list of strings, each of which check accepts. It returns them
// with their places when all are well formed.
func (c *policyChecker) stringList(n *jsonNode, path *docPath, what string, check func(string) (string, bool)) []PolicyAction {
	if n.kind == jsonString {
		if detail, ok := check(n.text); !ok {
			c.add(ProblemInvalid, path, n.text, detail)
			return nil
		}
		return []PolicyAction{{Path: path.String(), Name: n.text}}
	}
	if n.kind != jsonArray {
		c.add(ProblemInvalid, path, n.text, "must be a string or a list of strings")
		return nil
	}
	if len(n.items) == 0 {
		c.add(ProblemInvalid, path, n.text, "must name at least one "+what)
		return nil
	}
	out := make([]PolicyAction, 0, len(n.items))
	ok := true
	for i, item := range n.items {
		ip := path.item(i)
		if item.kind != jsonString {
			c.add(ProblemInvalid, ip, item.text, "must be a string")
			ok = false
			continue
		}
		if detail, valid := check(item.text); !valid {
			c.add(ProblemInvalid, ip, item.text, detail)
			ok = false
			continue
		}
		out = append(out, PolicyAction{Path: ip.String(), Name: item.text})
	}
	if !ok {
		return nil
	}
	return out
}

// checkAction checks an action string: "*", or a service prefix of letters,
// digits and '-', one colon, and an action name of letters, digits, '-',
// '_' and the wildcards '*' and '?'. Prefixes and names are
// case-insensitive.
func checkAction(s string) (string, bool) {
	const detail = `must be "*" or a service prefix, one colon and an action name, e.g. s3:GetObject or s3:Get*; the prefix has no wildcards`
	if s == "*" {
		return "", true
	}
	prefix, name, ok := strings.Cut(s, ":")
	if !ok || prefix == "" || name == "" {
		return detail, false
	}
	for i := 0; i < len(prefix); i++ {
		if c := prefix[i]; !isAlnum(c) && c != '-' {
			return detail, false
		}
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isAlnum(c) && !strings.ContainsRune("-_*?", rune(c)) {
			return detail, false
		}
	}
	return "", true
}

// checkResource checks a resource string: "*" or an ARN, which may have
// wildcards and policy variables.
func checkResource(s string) (string, bool) {
	if s == "*" || strings.HasPrefix(s, "arn:") {
		return "", true
	}
	return `must be "*" or an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, wildcards allowed)`, false
}

// sid checks a statement ID: ASCII letters and digits, unique in the
// document. An empty Sid is no ID, and may repeat.
func (c *policyChecker) sid(n *jsonNode, path *docPath) {
	if n.kind != jsonString {
		c.add(ProblemInvalid, path, n.text, "must be a string of ASCII letters and digits")
		return
	}
	for i := 0; i < len(n.text); i++ {
		if !isAlnum(n.text[i]) {
			c.add(ProblemInvalid, path, n.text, "may contain only ASCII letters and digits")
			return
		}
	}
	if n.text == "" {
		return
	}
	if c.sids[n.text] {
		c.add(ProblemDuplicate, path, n.text, "is the Sid of an earlier statement; a Sid must be unique in the policy")
	}
	c.sids[n.text] = true
}

// condition checks a Condition block's shape: {OPERATOR: {KEY: VALUES}},
// VALUES a string, number or boolean, or a list of them. Operators and keys
// are many and grow; IAM checks them, this does not.
func (c *policyChecker) condition(n *jsonNode, path *docPath) {
	if n.kind != jsonObject {
		c.add(ProblemInvalid, path, n.text, `must be an object of condition operators, e.g. {"StringEquals": {"aws:RequestTag/team": "a"}}`)
		return
	}
	for _, op := range n.members {
		opPath := path.child(op.name)
		if op.value.kind != jsonObject {
			c.add(ProblemInvalid, opPath, op.value.text, "must be an object of condition keys and their values")
			continue
		}
		for _, key := range op.value.members {
			c.conditionValues(key.value, opPath.child(key.name))
		}
	}
}

func (c *policyChecker) conditionValues(n *jsonNode, path *docPath) {
	switch n.kind {
	case jsonString, jsonNumber, jsonBool:
	case jsonArray:
		for i, item := range n.items {
			if item.kind != jsonString && item.kind != jsonNumber && item.kind != jsonBool {
				c.add(ProblemInvalid, path.item(i), item.text, "must be a string, a number or a boolean")
			}
		}
	default:
		c.add(ProblemInvalid, path, n.text, "must be a string, a number, a boolean or a list of them")
	}
}
