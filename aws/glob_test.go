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

func TestGlobStarInString(t *testing.T) {
	// A '*' of the pattern stays a wildcard when s has a '*' at that place:
	// taken as a literal it would leave the rest of s unmatched.
	if !Glob("a*", "a*b") {
		t.Error(`Glob("a*", "a*b") = false, want true`)
	}
}

func TestGlobCovers(t *testing.T) {
	cases := map[string]struct {
		reason     string
		pattern, w string
		want       bool
	}{
		"Literal":                {reason: "An action without wildcards is covered as Glob matches it.", pattern: "ec2:*Instances", w: "ec2:StopInstances", want: true},
		"LiteralNot":             {reason: "And refused as Glob refuses it.", pattern: "ec2:Describe*", w: "ec2:StopInstances"},
		"StarByStar":             {reason: "A * of the action is covered by a * of the pattern.", pattern: "s3:Get*", w: "s3:Get*", want: true},
		"StarInsideByStar":       {reason: "Also where the pattern's * takes more than the action's.", pattern: "s3:*", w: "s3:Get*Acl", want: true},
		"StarNotByQuestions":     {reason: "A ? of the pattern is one character; the action's * stands for any number, so ec2:????Instances does not cover ec2:*???Instances, which grants ec2:TerminateInstances.", pattern: "ec2:????Instances", w: "ec2:*???Instances"},
		"StarNotByLiteral":       {reason: "A literal * in the pattern is still a wildcard, and a letter never covers a *.", pattern: "s3:Get", w: "s3:*"},
		"QuestionByQuestion":     {reason: "A ? of the action is covered by a ? of the pattern.", pattern: "s3:Get?bject", w: "s3:Get?bject", want: true},
		"QuestionByStar":         {reason: "Or by a *.", pattern: "s3:Get*", w: "s3:Get?bject", want: true},
		"QuestionNotByLetter":    {reason: "A letter does not cover a ?, which stands for every letter.", pattern: "s3:GetObject", w: "s3:Get?bject"},
		"ServiceWildcard":        {reason: "A wildcard service is covered only by a pattern that starts with *.", pattern: "s3:*", w: "*:GetObject"},
		"AllByAll":               {reason: "* covers everything.", pattern: "*", w: "*", want: true},
		"ConservativeCornerCase": {reason: "*? does cover ?*, but the check takes it as not covered: it may refuse, never admit, too much.", pattern: "*?", w: "?*"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if got := GlobCovers(tc.pattern, tc.w); got != tc.want {
				t.Errorf("%s\nGlobCovers(%q, %q) = %v, want %v", tc.reason, tc.pattern, tc.w, got, tc.want)
			}
		})
	}
}

// TestGlobCoversIsSound checks, for every pattern and wildcard of up to
// four characters over a, b, * and ?, that GlobCovers never says a pattern
// covers a wildcard one of whose strings (of up to five characters over a
// and b) the pattern does not match.
func TestGlobCoversIsSound(t *testing.T) {
	words := func(alphabet string, most int) []string {
		out := []string{""}
		for last := []string{""}; most > 0; most-- {
			var next []string
			for _, w := range last {
				for _, c := range alphabet {
					next = append(next, w+string(c))
				}
			}
			out, last = append(out, next...), next
		}
		return out
	}
	globs, strs := words("ab*?", 4), words("ab", 5)
	covered := 0
	for _, pattern := range globs {
		for _, w := range globs {
			if !GlobCovers(pattern, w) {
				continue
			}
			covered++
			for _, s := range strs {
				if Glob(w, s) && !Glob(pattern, s) {
					t.Fatalf("GlobCovers(%q, %q) is true, but %q matches %q and the pattern does not", pattern, w, w, s)
				}
			}
		}
	}
	if covered == 0 {
		t.Fatal("no pattern covered any wildcard: the check proves nothing")
	}
}
