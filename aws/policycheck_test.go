package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// s3Read is a valid identity-based policy, compact.
const s3Read = `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject","s3:List*"],"Resource":"arn:aws:s3:::b/*"}]}`

// statementDoc is a document of one statement list holding st.
func statementDoc(st string) string {
	return `{"Version":"2012-10-17","Statement":[` + st + `]}`
}

func TestCheckPolicy(t *testing.T) {
	cases := map[string]struct {
		reason   string
		doc      string
		want     IdentityPolicy
		problems []Problem
	}{
		"Valid": {
			reason: "A valid document is compacted, measured and its actions listed with their places.",
			doc:    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Read\", \"Effect\": \"Allow\", \"Action\": [\"s3:GetObject\", \"s3:List*\"], \"Resource\": \"arn:aws:s3:::b/*\"}]\n}\n",
			want: IdentityPolicy{Compact: s3Read, Size: len(s3Read), Statements: []PolicyStatement{{
				Path: "Statement[0]", Effect: EffectAllow,
				Actions: []PolicyAction{{Path: "Statement[0].Action[0]", Name: "s3:GetObject"}, {Path: "Statement[0].Action[1]", Name: "s3:List*"}},
			}}},
		},
		"SingleStatement": {
			reason: "A Statement may be one object, and an Action one string: their places have no index.",
			doc:    `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`,
			want: IdentityPolicy{Compact: `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`, Size: 63, Statements: []PolicyStatement{{
				Path: "Statement", Effect: EffectDeny, Actions: []PolicyAction{{Path: "Statement.Action", Name: "iam:*"}},
			}}},
		},
		"NotAction": {
			reason: "A NotAction statement says so, for a guardrail to refuse it.",
			doc:    statementDoc(`{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:iam::*:role/admin"}`),
			want: IdentityPolicy{
				Compact: statementDoc(`{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:iam::*:role/admin"}`),
				Size:    len(statementDoc(`{"Effect":"Allow","NotAction":"iam:*","NotResource":"arn:aws:iam::*:role/admin"}`)),
				Statements: []PolicyStatement{{
					Path: "Statement[0]", Effect: EffectAllow, NotAction: true, Actions: []PolicyAction{{Path: "Statement[0].NotAction", Name: "iam:*"}},
				}},
			},
		},
		"Version2008AndCondition": {
			reason: "The earlier language version is IAM's too; condition values are strings, numbers, booleans or lists of them.",
			doc:    `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":[10,"20"]}}}]}`,
			want: IdentityPolicy{
				Compact:    `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":true},"NumericLessThan":{"s3:max-keys":[10,"20"]}}}]}`,
				Size:       179,
				Statements: []PolicyStatement{{Path: "Statement[0]", Effect: EffectAllow, Actions: []PolicyAction{{Path: "Statement[0].Action", Name: "*"}}}},
			},
		},
		"Latin1CountsCharacters": {
			reason: "IAM allows U+0020-U+00FF and counts characters: é is one, not the two bytes of UTF-8.",
			doc:    `{"Statement":{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::café"}}`,
			want: IdentityPolicy{
				Compact:    `{"Statement":{"Sid":"","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::café"}}`,
				Size:       96,
				Statements: []PolicyStatement{{Path: "Statement", Effect: EffectAllow, Actions: []PolicyAction{{Path: "Statement.Action", Name: "s3:GetObject"}}}},
			},
		},
		"CaseInsensitiveActions": {
			reason: "Service prefixes and action names are case-insensitive; '?' is a wildcard too.",
			doc:    statementDoc(`{"Effect":"Allow","Action":["S3:get?bject","execute-api:Invoke"],"Resource":"*"}`),
			want: IdentityPolicy{
				Compact: statementDoc(`{"Effect":"Allow","Action":["S3:get?bject","execute-api:Invoke"],"Resource":"*"}`),
				Size:    len(statementDoc(`{"Effect":"Allow","Action":["S3:get?bject","execute-api:Invoke"],"Resource":"*"}`)),
				Statements: []PolicyStatement{{Path: "Statement[0]", Effect: EffectAllow, Actions: []PolicyAction{
					{Path: "Statement[0].Action[0]", Name: "S3:get?bject"}, {Path: "Statement[0].Action[1]", Name: "execute-api:Invoke"},
				}}},
			},
		},
		"Empty": {
			reason:   "Nothing is no document.",
			problems: []Problem{{Type: ProblemRequired, Detail: "an IAM policy document, a JSON object"}},
		},
		"Truncated": {
			reason:   "A document is JSON.",
			doc:      `{"Statement":`,
			problems: []Problem{{Type: ProblemInvalid, Detail: "is not JSON: unexpected end of JSON input (at byte 13)"}},
		},
		"SyntaxError": {
			reason:   "A syntax error says where it is.",
			doc:      `{"Statement" []}`,
			problems: []Problem{{Type: ProblemInvalid, Detail: "is not JSON: invalid character '[' after object key (at byte 14)"}},
		},
		"TwoValues": {
			reason:   "A document is one JSON value.",
			doc:      `{} {}`,
			problems: []Problem{{Type: ProblemInvalid, Detail: "is not JSON: invalid character '{' after top-level value (at byte 4)"}},
		},
		"NotObject": {
			reason:   "A document is an object.",
			doc:      `[{"Statement":[]}]`,
			problems: []Problem{{Type: ProblemInvalid, Value: `[{"Statement":[]}]`, Detail: "must be a JSON object, an IAM policy document with a Statement"}},
		},
		"Null": {
			reason:   "null is no object.",
			doc:      `null`,
			problems: []Problem{{Type: ProblemInvalid, Value: "null", Detail: "must be a JSON object, an IAM policy document with a Statement"}},
		},
		"NoStatement": {
			reason:   "A document has a Statement.",
			doc:      `{"Version":"2012-10-17"}`,
			problems: []Problem{{Type: ProblemRequired, Path: "Statement", Detail: "one statement object or a list of them"}},
		},
		"EmptyStatementObject": {
			reason: `{"Statement":{}} is a statement without Effect, Action or Resource.`,
			doc:    `{"Statement":{}}`,
			problems: []Problem{
				{Type: ProblemRequired, Path: "Statement.Effect", Detail: `"Allow" or "Deny"`},
				{Type: ProblemRequired, Path: "Statement.Action", Detail: "the actions the statement applies to: Action or NotAction"},
				{Type: ProblemRequired, Path: "Statement.Resource", Detail: "the resources the statement applies to: Resource or NotResource"},
			},
		},
		"EmptyStatementList": {
			reason:   `{"Statement":[]} grants nothing and IAM refuses it.`,
			doc:      `{"Statement":[]}`,
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement", Value: "[]", Detail: "must hold at least one statement"}},
		},
		"StatementString": {
			reason:   "A Statement is an object or a list.",
			doc:      `{"Statement":"x"}`,
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement", Value: "x", Detail: "must be a statement object or a list of them"}},
		},
		"StatementItemNotObject": {
			reason:   "Every item of the list is a statement object.",
			doc:      `{"Statement":[1]}`,
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0]", Value: "1", Detail: "must be a statement object"}},
		},
		"OtherVersion": {
			reason:   "Only IAM's versions.",
			doc:      `{"Version":"2020-01-01","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			problems: []Problem{{Type: ProblemInvalid, Path: "Version", Value: "2020-01-01", Detail: `must be "2012-10-17" (or the older "2008-10-17")`}},
		},
		"VersionNumber": {
			reason:   "A Version is a string.",
			doc:      `{"Version":2012,"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			problems: []Problem{{Type: ProblemInvalid, Path: "Version", Value: "2012", Detail: `must be "2012-10-17" (or the older "2008-10-17")`}},
		},
		"Id": {
			reason:   "The grammar forbids Id in identity-based policies.",
			doc:      `{"Id":"x","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			problems: []Problem{{Type: ProblemForbidden, Path: "Id", Detail: "an identity-based policy must not have an Id"}},
		},
		"UnknownElement": {
			reason:   "A misspelt element is no element.",
			doc:      `{"Statements":[],"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
			problems: []Problem{{Type: ProblemForbidden, Path: "Statements", Detail: "is not an element of an IAM policy, which has Version and Statement"}},
		},
		"EffectMaybe": {
			reason:   "Effect is Allow or Deny.",
			doc:      statementDoc(`{"Effect":"Maybe","Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0].Effect", Value: "Maybe", Detail: `must be "Allow" or "Deny", in that case`}},
		},
		"EffectLowerCase": {
			reason:   "Effect is case-sensitive.",
			doc:      statementDoc(`{"Effect":"allow","Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0].Effect", Value: "allow", Detail: `must be "Allow" or "Deny", in that case`}},
		},
		"SecondStatement": {
			reason:   "The place names the statement's index.",
			doc:      `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Action":"*","Resource":"*"}]}`,
			problems: []Problem{{Type: ProblemRequired, Path: "Statement[1].Effect", Detail: `"Allow" or "Deny"`}},
		},
		"Principal": {
			reason:   "An identity-based policy has no Principal.",
			doc:      statementDoc(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemForbidden, Path: "Statement[0].Principal", Detail: "an identity-based policy names no principal: the role it is attached to is the principal"}},
		},
		"NotPrincipal": {
			reason:   "Nor a NotPrincipal.",
			doc:      statementDoc(`{"Effect":"Deny","NotPrincipal":{"AWS":"x"},"Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemForbidden, Path: "Statement[0].NotPrincipal", Detail: "an identity-based policy names no principal: the role it is attached to is the principal"}},
		},
		"UnknownStatementElement": {
			reason:   "A mistyped Condition would otherwise be dropped, and the statement allow more.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*","Resource":"*","Conditions":{}}`),
			problems: []Problem{{Type: ProblemForbidden, Path: "Statement[0].Conditions", Detail: "is not an element of an IAM policy statement, which has Sid, Effect, Action or NotAction, Resource or NotResource, and Condition"}},
		},
		"ActionAndNotAction": {
			reason:   "Exactly one of Action and NotAction.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*","NotAction":"iam:*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemForbidden, Path: "Statement[0].NotAction", Detail: "a statement has Action or NotAction, not both"}},
		},
		"ResourceAndNotResource": {
			reason:   "Exactly one of Resource and NotResource.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*","Resource":"*","NotResource":"*"}`),
			problems: []Problem{{Type: ProblemForbidden, Path: "Statement[0].NotResource", Detail: "a statement has Resource or NotResource, not both"}},
		},
		"NoResource": {
			reason:   "IAM: Policy statement must contain resources.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*"}`),
			problems: []Problem{{Type: ProblemRequired, Path: "Statement[0].Resource", Detail: "the resources the statement applies to: Resource or NotResource"}},
		},
		"EmptyActions": {
			reason: "IAM: Policy statement must contain actions.",
			doc:    statementDoc(`{"Effect":"Allow","Action":[],"Resource":[]}`),
			problems: []Problem{
				{Type: ProblemInvalid, Path: "Statement[0].Action", Value: "[]", Detail: "must name at least one action"},
				{Type: ProblemInvalid, Path: "Statement[0].Resource", Value: "[]", Detail: "must name at least one resource"},
			},
		},
		"ActionObject": {
			reason:   "Actions are strings.",
			doc:      statementDoc(`{"Effect":"Allow","Action":{"s3":"*"},"Resource":"*"}`),
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0].Action", Value: `{"s3":"*"}`, Detail: "must be a string or a list of strings"}},
		},
		"ActionItemNumber": {
			reason:   "Every item of the list is a string.",
			doc:      statementDoc(`{"Effect":"Allow","Action":["s3:GetObject",1],"Resource":"*"}`),
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0].Action[1]", Value: "1", Detail: "must be a string"}},
		},
		"ActionForms": {
			reason: "IAM refuses actions without a prefix, with two colons, with a wildcard prefix, or with nothing on either side of the colon.",
			doc:    statementDoc(`{"Effect":"Allow","Action":["s3","ec2:ec2:Run","*:Untag*",":Get","s3:","s3:Get Object"],"Resource":"*"}`),
			problems: []Problem{
				{Type: ProblemInvalid, Path: "Statement[0].Action[0]", Value: "s3", Detail: actionDetail},
				{Type: ProblemInvalid, Path: "Statement[0].Action[1]", Value: "ec2:ec2:Run", Detail: actionDetail},
				{Type: ProblemInvalid, Path: "Statement[0].Action[2]", Value: "*:Untag*", Detail: actionDetail},
				{Type: ProblemInvalid, Path: "Statement[0].Action[3]", Value: ":Get", Detail: actionDetail},
				{Type: ProblemInvalid, Path: "Statement[0].Action[4]", Value: "s3:", Detail: actionDetail},
				{Type: ProblemInvalid, Path: "Statement[0].Action[5]", Value: "s3:Get Object", Detail: actionDetail},
			},
		},
		"ResourceNotARN": {
			reason:   `IAM: Resource must be in ARN format or "*".`,
			doc:      statementDoc(`{"Effect":"Allow","Action":"s3:*","Resource":["arn:aws:s3:::b","b"]}`),
			problems: []Problem{{Type: ProblemInvalid, Path: "Statement[0].Resource[1]", Value: "b", Detail: `must be "*" or an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE, wildcards allowed)`}},
		},
		"DuplicateStatement": {
			reason:   "encoding/json keeps the last Statement only: a valid first one would hide an invalid second one, and IAM refuses both.",
			doc:      `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"Statement":{}}`,
			problems: []Problem{{Type: ProblemDuplicate, Path: "Statement", Value: "Statement", Detail: duplicateDetail}},
		},
		"DuplicateEffect": {
			reason:   `"you cannot include the Effect block twice in the same statement".`,
			doc:      statementDoc(`{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemDuplicate, Path: "Statement[0].Effect", Value: "Effect", Detail: duplicateDetail}},
		},
		"DuplicateInSecondStatement": {
			reason:   "The place of a duplicate counts the statements before it.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}`),
			problems: []Problem{{Type: ProblemDuplicate, Path: "Statement[1].Effect", Value: "Effect", Detail: duplicateDetail}},
		},
		"LastLatin1Character": {
			reason: "IAM allows up to U+00FF itself: ÿ is the last character allowed.",
			doc:    `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::ÿ"}}`,
			want: IdentityPolicy{
				Compact: `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::ÿ"}}`, Size: 73,
				Statements: []PolicyStatement{{Path: "Statement", Effect: EffectAllow, Actions: []PolicyAction{{Path: "Statement.Action", Name: "*"}}}},
			},
		},
		"DuplicateConditionKey": {
			reason:   "Duplicates are found at any depth, and keys that are not plain words are quoted in the place.",
			doc:      statementDoc(`{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"a","aws:RequestTag/team":"b"}}}`),
			problems: []Problem{{Type: ProblemDuplicate, Path: `Statement[0].Condition.StringEquals["aws:RequestTag/team"]`, Value: "aws:RequestTag/team", Detail: duplicateDetail}},
		},
		"DuplicateInUnknownElement": {
			reason: "Duplicates are found in elements the grammar does not know as well.",
			doc:    `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"},"X":[{"a":1,"a":2}]}`,
			problems: []Problem{
				{Type: ProblemDuplicate, Path: "X[0].a", Value: "a", Detail: duplicateDetail},
				{Type: ProblemForbidden, Path: "X", Detail: "is not an element of an IAM policy, which has Version and Statement"},
			},
		},
		"Sid": {
			reason: "A Sid has ASCII letters and digits only and is unique; an empty Sid is none and may repeat.",
			doc:    `{"Statement":[{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"A","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"read s3","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":"","Effect":"Allow","Action":"*","Resource":"*"},{"Sid":1,"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			problems: []Problem{
				{Type: ProblemDuplicate, Path: "Statement[1].Sid", Value: "A", Detail: "is the Sid of an earlier statement; a Sid must be unique in the policy"},
				{Type: ProblemInvalid, Path: "Statement[2].Sid", Value: "read s3", Detail: "may contain only ASCII letters and digits"},
				{Type: ProblemInvalid, Path: "Statement[5].Sid", Value: "1", Detail: "must be a string of ASCII letters and digits"},
			},
		},
		"ConditionShapes": {
			reason: "A Condition is an object of operators, each an object of keys with scalar values or lists of them.",
			doc:    `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":"x"},{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEquals":["a"],"StringLike":{"a:b":{"c":"d"},"a:c":[null],"a:d":null}}}]}`,
			problems: []Problem{
				{Type: ProblemInvalid, Path: "Statement[0].Condition", Value: "x", Detail: `must be an object of condition operators, e.g. {"StringEquals": {"aws:RequestTag/team": "a"}}`},
				{Type: ProblemInvalid, Path: "Statement[1].Condition.StringEquals", Value: `["a"]`, Detail: "must be an object of condition keys and their values"},
				{Type: ProblemInvalid, Path: `Statement[1].Condition.StringLike["a:b"]`, Value: `{"c":"d"}`, Detail: "must be a string, a number, a boolean or a list of them"},
				{Type: ProblemInvalid, Path: `Statement[1].Condition.StringLike["a:c"][0]`, Value: "null", Detail: "must be a string, a number or a boolean"},
				{Type: ProblemInvalid, Path: `Statement[1].Condition.StringLike["a:d"]`, Value: "null", Detail: "must be a string, a number, a boolean or a list of them"},
			},
		},
		"OutsideLatin1": {
			reason:   "IAM allows only tab, LF, CR and U+0020-U+00FF, counted here in characters.",
			doc:      "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::é\u2028\"}}",
			problems: []Problem{{Type: ProblemInvalid, Detail: "character 71 is U+2028; IAM allows only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy document"}},
		},
		"ControlCharacter": {
			reason:   "Control characters other than tab, LF and CR are refused, even between tokens.",
			doc:      "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}\f",
			problems: []Problem{{Type: ProblemInvalid, Detail: "character 61 is U+000C; IAM allows only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy document"}, {Type: ProblemInvalid, Detail: "is not JSON: invalid character '\\f' after top-level value (at byte 61)"}},
		},
		"NotUTF8": {
			reason:   "Bytes that are not UTF-8 are no characters.",
			doc:      "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::\xff\"}}",
			problems: []Problem{{Type: ProblemInvalid, Detail: "byte 70 is not UTF-8; IAM allows only tab, line feed, carriage return and the characters U+0020 to U+00FF in a policy document"}},
		},
		"EscapedCharacter": {
			reason: "An escape is ASCII text: the document's characters are what IAM checks.",
			doc:    `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::\u2028"}}`,
			want: IdentityPolicy{
				Compact: `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::\u2028"}}`, Size: 78,
				Statements: []PolicyStatement{{Path: "Statement", Effect: EffectAllow, Actions: []PolicyAction{{Path: "Statement.Action", Name: "*"}}}},
			},
		},
		"Several": {
			reason: "Every problem is reported, in the document's order.",
			doc:    `{"Version":"1","Statement":[{"Effect":"Maybe","Principal":"*","Action":"s3"}]}`,
			problems: []Problem{
				{Type: ProblemInvalid, Path: "Version", Value: "1", Detail: `must be "2012-10-17" (or the older "2008-10-17")`},
				{Type: ProblemInvalid, Path: "Statement[0].Effect", Value: "Maybe", Detail: `must be "Allow" or "Deny", in that case`},
				{Type: ProblemForbidden, Path: "Statement[0].Principal", Detail: "an identity-based policy names no principal: the role it is attached to is the principal"},
				{Type: ProblemRequired, Path: "Statement[0].Resource", Detail: "the resources the statement applies to: Resource or NotResource"},
				{Type: ProblemInvalid, Path: "Statement[0].Action", Value: "s3", Detail: actionDetail},
			},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, problems := CheckPolicy(tc.doc)
			if diff := cmp.Diff(tc.problems, problems); diff != "" {
				t.Errorf("%s\nproblems -want, +got:\n%s", tc.reason, diff)
			}
			if diff := cmp.Diff(tc.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s\npolicy -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

const (
	actionDetail    = `must be "*" or a service prefix, one colon and an action name, e.g. s3:GetObject or s3:Get*; the prefix has no wildcards`
	duplicateDetail = "is a key this object already has; IAM refuses a policy in which an element has the same key twice"
)

func TestCheckPolicyDocumentLength(t *testing.T) {
	// A valid document padded with spaces, which IAM's API counts, to
	// exactly the API's limit and one past it.
	const doc = `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	atLimit := doc + strings.Repeat(" ", MaxPolicyDocumentLength-len(doc))
	if got, problems := CheckPolicy(atLimit); problems != nil || got.Compact != doc || got.Size != len(doc) {
		t.Errorf("a document of exactly MaxPolicyDocumentLength characters: got %q (size %d), %v; want it compacted to %q", got.Compact, got.Size, problems, doc)
	}
	want := []Problem{{Type: ProblemTooLong, Detail: "is 131073 characters; IAM takes policy documents of at most 131072"}}
	if _, problems := CheckPolicy(atLimit + " "); !cmp.Equal(problems, want) {
		t.Errorf("a document one character past MaxPolicyDocumentLength: problems %v, want %v", problems, want)
	}
	// Characters, not bytes: é is two bytes and one character.
	latin := `{"Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::é"}}`
	padded := latin + strings.Repeat(" ", MaxPolicyDocumentLength-len([]rune(latin)))
	if _, problems := CheckPolicy(padded); problems != nil {
		t.Errorf("a document of exactly MaxPolicyDocumentLength characters, more bytes: %v", problems)
	}
}

func TestProblemString(t *testing.T) {
	cases := map[string]struct {
		reason  string
		problem Problem
		want    string
	}{
		"Full":     {reason: "Place, value, rule.", problem: Problem{Path: "Statement[1].Effect", Value: "Maybe", Detail: "must be Allow or Deny"}, want: `Statement[1].Effect: "Maybe": must be Allow or Deny`},
		"NoValue":  {reason: "A missing element has no value.", problem: Problem{Path: "Statement", Detail: "required"}, want: "Statement: required"},
		"Document": {reason: "The document as a whole has no place.", problem: Problem{Detail: "is not JSON"}, want: "is not JSON"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := tc.problem.String(); got != tc.want {
				t.Errorf("%s\nString() = %q, want %q", tc.reason, got, tc.want)
			}
		})
	}
}
