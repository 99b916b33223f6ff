package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestREADMEIsCurrent fails while README.md's generated parts differ from
// what the presets table gives: run go generate ./presets.
func TestREADMEIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "..", "README.md")
	readme, err := os.ReadFile(path) //nolint:gosec // the repository's README
	if err != nil {
		t.Fatal(err)
	}
	parts, err := Parts(filepath.Join("..", "..", "data", "families.json"), filepath.Join("..", "..", "data", "iam-service-reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Rewrite(readme, parts)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(readme)); diff != "" {
		t.Errorf("README.md is out of date: run go generate ./presets. -want, +README.md:\n%s", diff)
	}
}

func TestRewrite(t *testing.T) {
	part := []Part{{Name: "p", Text: "new\n"}}
	cases := map[string]struct {
		reason  string
		readme  string
		want    string
		wantErr bool
	}{
		"Replaces": {
			reason: "The text between the markers is replaced, and only that.",
			readme: "before\n" + Begin("p") + "\nold\nolder\n" + End("p") + "\nafter\n",
			want:   "before\n" + Begin("p") + "\nnew\n" + End("p") + "\nafter\n",
		},
		"Empty": {
			reason: "A part with nothing between its markers yet is filled in.",
			readme: Begin("p") + "\n" + End("p") + "\n",
			want:   Begin("p") + "\nnew\n" + End("p") + "\n",
		},
		"NoMarkers": {
			reason:  "A README without the markers cannot take the part.",
			readme:  "just text\n",
			wantErr: true,
		},
		"TwiceBegun": {
			reason:  "Two begin markers make the part ambiguous.",
			readme:  Begin("p") + "\n" + Begin("p") + "\n" + End("p") + "\n",
			wantErr: true,
		},
		"Reversed": {
			reason:  "An end marker before the begin marker would drop the text between them.",
			readme:  End("p") + "\ntext\n" + Begin("p") + "\n",
			wantErr: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := Rewrite([]byte(tc.readme), part)
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\nRewrite(): error %v, want error %v", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("%s\nRewrite(): -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}

// TestPartsMarkIncidentalPrefixes shows that the README's table sets
// incidental prefixes apart: rds's ec2 (subnets and security groups the
// service checks with the caller's permissions) is in italics, rds not.
func TestPartsMarkIncidentalPrefixes(t *testing.T) {
	parts, err := Parts(filepath.Join("..", "..", "data", "families.json"), filepath.Join("..", "..", "data", "iam-service-reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		for _, line := range strings.Split(p.Text, "\n") {
			if p.Name == "presets/table" && strings.HasPrefix(line, "| `provider-aws-rds` |") {
				if want := "| `provider-aws-rds` | *`ec2`*, `rds` |"; !strings.HasPrefix(line, want) {
					t.Errorf("the row of provider-aws-rds is %q, want it to start with %q", line, want)
				}
				return
			}
		}
	}
	t.Error("no presets/table row for provider-aws-rds")
}
