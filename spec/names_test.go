package spec

import (
	"strings"
	"testing"
)

func TestHash(t *testing.T) {
	// The hash is SHA-256; changing it would rename every shortened name in
	// every cluster.
	if got := Hash("arn:aws:iam::aws:policy/AmazonS3FullAccess"); got != "9471f314" {
		t.Errorf("Hash changed: %q", got)
	}
}

func TestShorten(t *testing.T) {
	cases := map[string]struct {
		reason string
		name   string
		limit  int
		want   string
	}{
		"Fits":       {reason: "A name within the limit is kept.", name: "abc", limit: 3, want: "abc"},
		"OneOver":    {reason: "One over the limit is shortened to exactly the limit.", name: strings.Repeat("a", 21), limit: 20, want: "aaaaaaaaaaa-" + Hash(strings.Repeat("a", 21))},
		"TrimDashes": {reason: "The prefix ends in a letter or digit, not a separator.", name: "aaaaaaaaa.-_-bbbbbbb", limit: 19, want: "aaaaaaaaa-" + Hash("aaaaaaaaa.-_-bbbbbbb")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := Shorten(tc.name, tc.limit)
			if got != tc.want || len(got) > tc.limit {
				t.Errorf("%s\nShorten(%q, %d) = %q, want %q", tc.reason, tc.name, tc.limit, got, tc.want)
			}
		})
	}
}
