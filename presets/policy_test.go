package presets

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestStatements(t *testing.T) {
	cases := map[string]struct {
		reason string
		preset Preset
		want   string
	}{
		"Everything": {
			reason: "Prefixes become <prefix>:* in one statement; PassRole and CreateServiceLinkedRole each name their services in a condition; incidental prefixes are granted like the others.",
			preset: Preset{
				Family:                    "lambda",
				ServicePrefixes:           []ServicePrefix{{Name: "ec2", Incidental: true}, {Name: "lambda"}},
				PassRoleServices:          []string{"lambda.amazonaws.com"},
				ServiceLinkedRoleServices: []string{"lambda.amazonaws.com", "replicator.lambda.amazonaws.com"},
			},
			want: `{"Version":"2012-10-17","Statement":[` +
				`{"Effect":"Allow","Action":["ec2:*","lambda:*"],"Resource":["*"]},` +
				`{"Effect":"Allow","Action":["iam:PassRole"],"Resource":["*"],"Condition":{"StringEquals":{"iam:PassedToService":["lambda.amazonaws.com"]}}},` +
				`{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole"],"Resource":["*"],"Condition":{"StringLike":{"iam:AWSServiceName":["lambda.amazonaws.com","replicator.lambda.amazonaws.com"]}}}]}`,
		},
		"PrefixesOnly": {
			reason: "A family that passes no role and creates no service-linked role has only its prefixes.",
			preset: Preset{Family: "account", ServicePrefixes: []ServicePrefix{{Name: "account"}}},
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["account:*"],"Resource":["*"]}]}`,
		},
		"ServiceLinkedRoleOnly": {
			reason: "A statement is left out when its list is empty, whichever it is.",
			preset: Preset{Family: "x", ServiceLinkedRoleServices: []string{"x.amazonaws.com"}},
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole"],"Resource":["*"],"Condition":{"StringLike":{"iam:AWSServiceName":["x.amazonaws.com"]}}}]}`,
		},
		"Empty": {
			reason: "provider-family-aws's preset has no statements; a document of none would be invalid.",
			preset: Preset{Family: "config", Package: "provider-family-aws"},
			want:   `{"Version":"2012-10-17","Statement":null}`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := PolicyDocument{Version: policyVersion, Statement: tc.preset.Statements()}.String()
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nStatements(): -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// statement returns an Allow statement on every resource with the given
// actions and, if values is not empty, one StringEquals condition on key.
func statement(actions []string, key string, values ...string) Statement {
	s := Statement{Effect: "Allow", Action: actions, Resource: []string{"*"}}
	if len(values) > 0 {
		s.Condition = map[string]map[string][]string{"StringEquals": {key: values}}
	}
	return s
}

// size is the size of a document of the given statements, as IAM counts it.
func size(statements ...Statement) int {
	return utf8.RuneCountInString(PolicyDocument{Version: policyVersion, Statement: statements}.String())
}

func TestSplit(t *testing.T) {
	a := statement([]string{"a:*", "b:*"}, "")
	b := statement([]string{ActionPassRole}, ConditionKeyPassedToService, "a.amazonaws.com", "b.amazonaws.com")
	c := statement([]string{"c:*"}, "")
	actions := statement([]string{"a:*", "b:*", "c:*", "d:*"}, "")
	values := statement([]string{ActionPassRole}, ConditionKeyPassedToService, "a.amazonaws.com", "b.amazonaws.com", "c.amazonaws.com")
	both := statement([]string{"a:*", "b:*"}, "k", "v1", "v2")
	negated := statement([]string{"a:*"}, "")
	negated.Condition = map[string]map[string][]string{"StringNotEquals": {"k": {"v1", "v2"}}}
	forAll := statement([]string{"a:*"}, "")
	forAll.Condition = map[string]map[string][]string{"ForAllValues:StringEquals": {"aws:TagKeys": {"team", "env"}}}
	// mixedWith is an iam:PassRole statement for one service, except to
	// the roles of the negated condition.
	mixedWith := func(services ...string) Statement {
		s := statement([]string{ActionPassRole}, ConditionKeyPassedToService, services...)
		s.Condition["StringNotEquals"] = map[string][]string{"aws:ResourceTag/tier": {"admin", "break-glass", "root", "security"}}
		return s
	}
	mixed := mixedWith("a.amazonaws.com", "b.amazonaws.com")
	ten := statement([]string{"a:*", "b:*", "c:*", "d:*", "e:*", "f:*", "g:*", "h:*", "i:*", "j:*"}, "")

	cases := map[string]struct {
		reason     string
		statements []Statement
		limit      int
		want       []Policy
		wantErr    error
	}{
		"ExactlyTheLimit": {
			reason:     "A document of exactly limit characters fits, and one document keeps the plain name.",
			statements: []Statement{a, b, c},
			limit:      size(a, b, c),
			want:       []Policy{{Name: "fam", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{a, b, c}}}},
		},
		"OnePastTheLimit": {
			reason:     "One character too many moves the last statement into a second document; both are named from their content.",
			statements: []Statement{a, b, c},
			limit:      size(a, b, c) - 1,
			want: []Policy{
				{Name: "fam-9c9bc4e4", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{a, b}}},
				{Name: "fam-269abd7c", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{c}}},
			},
		},
		"StatementsInOrder": {
			reason:     "Statements are packed in their order; a later small one is not moved forward.",
			statements: []Statement{c, b, a},
			limit:      size(c, b),
			want: []Policy{
				{Name: "fam-49960302", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{c, b}}},
				{Name: "fam-5e59fb0f", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{a}}},
			},
		},
		"CutByActions": {
			reason:     "A statement too large for any document is cut by its actions, each piece as large as fits.",
			statements: []Statement{actions},
			limit:      size(statement([]string{"a:*", "b:*"}, "")),
			want: []Policy{
				{Name: "fam-5e59fb0f", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"a:*", "b:*"}, "")}}},
				{Name: "fam-61bb4b06", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"c:*", "d:*"}, "")}}},
			},
		},
		"CutByConditionValues": {
			reason:     "A statement with one action is cut by the values of its condition, which together allow what the whole did.",
			statements: []Statement{values},
			limit:      size(statement([]string{ActionPassRole}, ConditionKeyPassedToService, "a.amazonaws.com", "b.amazonaws.com")),
			want: []Policy{
				{Name: "fam-2544bf98", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{ActionPassRole}, ConditionKeyPassedToService, "a.amazonaws.com", "b.amazonaws.com")}}},
				{Name: "fam-d1a2f550", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{ActionPassRole}, ConditionKeyPassedToService, "c.amazonaws.com")}}},
			},
		},
		"CutByActionsThenValues": {
			reason:     "When one action with all its condition values is still too large, that piece is cut again by its values.",
			statements: []Statement{both},
			limit:      size(statement([]string{"a:*"}, "k", "v1")),
			want: []Policy{
				{Name: "fam-1525fc45", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"a:*"}, "k", "v1")}}},
				{Name: "fam-fe024a68", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"a:*"}, "k", "v2")}}},
				{Name: "fam-0608cb73", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"b:*"}, "k", "v1")}}},
				{Name: "fam-598cf26a", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"b:*"}, "k", "v2")}}},
			},
		},
		"PieceSharesADocument": {
			reason:     "The last piece of a cut statement shares its document with the next statement when both fit.",
			statements: []Statement{ten, c},
			limit:      size(statement([]string{"j:*"}, ""), c),
			want: []Policy{
				{Name: "fam-9a77e994", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement(ten.Action[:9], "")}}},
				{Name: "fam-5d2cf128", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{statement([]string{"j:*"}, ""), c}}},
			},
		},
		"NoStatements": {
			reason: "Nothing to grant is no document.",
			limit:  MaxManagedPolicySize,
		},
		"CannotCut": {
			reason:     "A statement with a single action and no condition that does not fit cannot be made to.",
			statements: []Statement{c},
			limit:      size(c) - 1,
			wantErr:    errTooLarge,
		},
		"NegatedConditionNotCut": {
			reason:     "Cutting StringNotEquals values would allow what the whole statement excluded, so such a list is never cut.",
			statements: []Statement{negated},
			limit:      size(negated) - 1,
			wantErr:    errTooLarge,
		},
		"ForAllValuesNotCut": {
			reason:     "A ForAllValues condition needs every value of the request in the whole list; cutting it would deny what the whole allowed.",
			statements: []Statement{forAll},
			limit:      size(forAll) - 1,
			wantErr:    errTooLarge,
		},
		"CutTheCuttableCondition": {
			reason:     "A statement with a negated and a positive condition is cut by the positive one.",
			statements: []Statement{mixed},
			limit:      size(mixed) - 1,
			want: []Policy{
				{Name: "fam-33eb8ea3", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{mixedWith("a.amazonaws.com")}}},
				{Name: "fam-7894261e", Document: PolicyDocument{Version: policyVersion, Statement: []Statement{mixedWith("b.amazonaws.com")}}},
			},
		},
		"IdenticalDocuments": {
			reason:     "Two identical documents would have the same name.",
			statements: []Statement{c, c},
			limit:      size(c),
			wantErr:    errDuplicate,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Split("fam", tc.statements, tc.limit)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("%s\nSplit(): error %v, want %v", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\nSplit(): -want, +got:\n%s", tc.reason, diff)
			}
			for _, p := range got {
				if n := utf8.RuneCountInString(p.Document.String()); n > tc.limit {
					t.Errorf("%s\nSplit(): %s is %d characters, over the limit of %d", tc.reason, p.Name, n, tc.limit)
				}
				if len(got) > 1 && p.Name != "fam-"+hash(p.Document.String()) {
					t.Errorf("%s\nSplit(): %s is not named after its content", tc.reason, p.Name)
				}
			}
		})
	}
}

// TestSplitNamesFollowContent shows that changing one statement renames only
// the document that holds it.
func TestSplitNamesFollowContent(t *testing.T) {
	a := statement([]string{"a:*"}, "")
	b := statement([]string{"b:*"}, "")
	before, err := Split("fam", []Statement{a, b}, size(a))
	if err != nil {
		t.Fatal(err)
	}
	after, err := Split("fam", []Statement{a, statement([]string{"c:*"}, "")}, size(a))
	if err != nil {
		t.Fatal(err)
	}
	if len(before) != 2 || len(after) != 2 {
		t.Fatalf("want two documents before and after, got %d and %d", len(before), len(after))
	}
	if before[0].Name != after[0].Name {
		t.Errorf("the unchanged document was renamed from %s to %s", before[0].Name, after[0].Name)
	}
	if before[1].Name == after[1].Name {
		t.Errorf("the changed document kept its name %s", before[1].Name)
	}
}

// TestEveryPresetFitsOneManagedPolicy checks the real table: every family's
// statements fit one managed policy, named after the family, so that no
// family's policy is ever split. A managed policy's limit is below a role's
// inline aggregate (10,240), so each also fits inline.
func TestEveryPresetFitsOneManagedPolicy(t *testing.T) {
	largest, largestSize := "", 0
	for _, p := range All() {
		policies, err := p.Policies(MaxManagedPolicySize)
		if err != nil {
			t.Errorf("%s: %v", p.Package, err)
			continue
		}
		want := 1
		if p.Empty() {
			want = 0
		}
		if len(policies) != want {
			t.Errorf("%s: %d documents, want %d", p.Package, len(policies), want)
			continue
		}
		for _, policy := range policies {
			if policy.Name != p.Family {
				t.Errorf("%s: document named %q, want %q", p.Package, policy.Name, p.Family)
			}
			if n := utf8.RuneCountInString(policy.Document.String()); n > largestSize {
				largest, largestSize = p.Package, n
			}
		}
	}
	if largestSize == 0 || largestSize > MaxManagedPolicySize {
		t.Errorf("the largest preset, %s, is %d characters; want 1 to %d", largest, largestSize, MaxManagedPolicySize)
	}
	t.Logf("the largest preset, %s, is %d of %d characters", largest, largestSize, MaxManagedPolicySize)
}

// TestPoliciesAreDeterministic shows that the same preset always gives the
// same documents, byte for byte, split or not.
func TestPoliciesAreDeterministic(t *testing.T) {
	for _, limit := range []int{MaxManagedPolicySize, 300} {
		first := map[string][]string{}
		for range 5 {
			for _, p := range All() {
				policies, err := p.Policies(limit)
				if err != nil {
					t.Fatalf("%s: %v", p.Package, err)
				}
				var docs []string
				for _, policy := range policies {
					docs = append(docs, policy.Name+" "+policy.Document.String())
				}
				if want, ok := first[p.Family]; ok {
					if diff := cmp.Diff(want, docs); diff != "" {
						t.Errorf("%s at limit %d: documents changed between calls: -first, +now:\n%s", p.Package, limit, diff)
					}
					continue
				}
				first[p.Family] = docs
			}
		}
	}
}

// TestPoliciesNamesTheFamily shows that a preset that cannot fit says which
// package it is.
func TestPoliciesNamesTheFamily(t *testing.T) {
	p, _ := Lookup("provider-aws-s3")
	_, err := p.Policies(10)
	if err == nil || !strings.Contains(err.Error(), "provider-aws-s3") {
		t.Errorf("Policies(10) = %v, want an error naming provider-aws-s3", err)
	}
}
