package aws

import "testing"

func TestGlob(t *testing.T) {
	cases := map[string]struct {
		reason     string
		pattern, s string
		want       bool
	}{
		"StarAny":            {reason: "* matches a name.", pattern: "arn:aws:iam::aws:policy/*", s: "arn:aws:iam::aws:policy/AmazonS3FullAccess", want: true},
		"StarCrossesSlash":   {reason: "* crosses / in paths, unlike path.Match.", pattern: "arn:aws:iam::aws:policy/*", s: "arn:aws:iam::aws:policy/service-role/AWSConfigRole", want: true},
		"StarInside":         {reason: "* inside a name.", pattern: "arn:aws:iam::aws:policy/Amazon*ReadOnlyAccess", s: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", want: true},
		"StarInsideMismatch": {reason: "The rest must still match.", pattern: "arn:aws:iam::aws:policy/Amazon*ReadOnlyAccess", s: "arn:aws:iam::aws:policy/AmazonS3FullAccess"},
		"LeadingStarSkips": {
			reason: "A leading * must skip characters to find the rest.", pattern: "arn:aws:iam::aws:policy/*ReadOnlyAccess",
			s: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", want: true,
		},
		"LeadingStarAdmin":         {reason: "And refuses what does not end so.", pattern: "arn:aws:iam::aws:policy/*ReadOnlyAccess", s: "arn:aws:iam::aws:policy/AdministratorAccess"},
		"QuestionCounts":           {reason: "? is exactly one character.", pattern: "arn:aws:iam::?????????????:policy/x", s: "arn:aws:iam::123456789012:policy/x"},
		"QuestionTwelve":           {reason: "Twelve ? match twelve digits.", pattern: "arn:aws:iam::????????????:policy/x", s: "arn:aws:iam::123456789012:policy/x", want: true},
		"StarEmpty":                {reason: "* matches nothing too.", pattern: "*", s: "", want: true},
		"EmptyPattern":             {reason: "An empty pattern matches only the empty string.", pattern: "", s: "a"},
		"Backtrack":                {reason: "Several stars backtrack.", pattern: "a*b*c", s: "aXbYbZc", want: true},
		"BacktrackFails":           {reason: "And fail when they must.", pattern: "a*b*c", s: "aXbYbZ"},
		"NoStarNoSecondTry":        {reason: "Without a star a mismatch is final: nothing is retried further on.", pattern: "ab", s: "ac"},
		"StarMatchesNothingInside": {reason: "A * between two characters may match no character at all.", pattern: "a*b", s: "ab", want: true},
		"PatternStartsWithStar": {
			reason: "A * at the very start of the pattern skips characters too.", pattern: "*ReadOnlyAccess", s: "AmazonS3ReadOnlyAccess", want: true,
		},
		"PatternStartsWithStarMismatch": {reason: "And refuses what does not end so.", pattern: "*ReadOnlyAccess", s: "AmazonS3FullAccess"},
		"OnlyStar":                      {reason: "A pattern of one * matches everything.", pattern: "*", s: "arn:aws:iam::aws:policy/AdministratorAccess", want: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := Glob(tc.pattern, tc.s); got != tc.want {
				t.Errorf("%s\nGlob(%q, %q) = %v, want %v", tc.reason, tc.pattern, tc.s, got, tc.want)
			}
		})
	}
}
