package aws

import "testing"

func TestCompactPolicy(t *testing.T) {
	cases := map[string]struct {
		reason string
		doc    string
		want   string
		err    string
	}{
		"Compacted": {
			reason: "Only whitespace goes; the document's order stays.",
			doc:    "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}\n",
			want:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		},
		"Version2008": {reason: "The earlier language version is still IAM's.", doc: `{"Version":"2008-10-17","Statement":{}}`, want: `{"Version":"2008-10-17","Statement":{}}`},
		"NoVersion":   {reason: "Version is optional.", doc: `{"Statement":[]}`, want: `{"Statement":[]}`},
		"NotJSON":     {reason: "A document is JSON.", doc: `{"Statement":`, err: "must be a JSON policy document: unexpected end of JSON input"},
		"NotObject":   {reason: "A document is an object.", doc: `[]`, err: "must be a JSON object: an IAM policy document with a Statement"},
		"Null":        {reason: "null is no object.", doc: `null`, err: "must be a JSON object: an IAM policy document with a Statement"},
		"NoStatement": {reason: "A document has a Statement.", doc: `{"Version":"2012-10-17"}`, err: "must be a JSON policy document with a Statement object or list"},
		"StatementString": {
			reason: "A Statement is an object or a list.", doc: `{"Statement":"x"}`, err: "must be a JSON policy document with a Statement object or list",
		},
		"OtherVersion": {reason: "Only IAM's versions.", doc: `{"Version":"2020-01-01","Statement":[]}`, err: "policy Version must be 2012-10-17"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := CompactPolicy(tc.doc)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tc.want || gotErr != tc.err {
				t.Errorf("%s\nCompactPolicy(%q) = %q, %q; want %q, %q", tc.reason, tc.doc, got, gotErr, tc.want, tc.err)
			}
		})
	}
}
