package aws

// Glob matches s against a pattern in which '*' is any run of characters,
// '/' included, and '?' is any one character. ARNs have '/' in their paths,
// which path.Match's '*' would not cross. It runs in time linear in
// len(pattern)*len(s) at worst and needs no memory.
func Glob(pattern, s string) bool {
	return glob(pattern, s, func(p, c byte) bool { return p == '?' || p == c })
}

// GlobCovers tells whether pattern matches everything the wildcard w
// matches, when w is itself a pattern in which '*' and '?' are wildcards, as
// in an IAM policy's actions ("ec2:Describe*"; IAM's wildcards are the
// same, "IAM JSON policy elements: Action",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
// A '*' of w is covered only by a '*' of pattern, a '?' of w by a '?' or a
// '*', a character by itself, a '?' or a '*': matching w as a plain string
// would let a '?' of pattern take a '*' of w, which stands for any number
// of characters. It may answer false for a few wildcards that pattern does
// cover ("*?" covers "?*"), never true for one it does not.
func GlobCovers(pattern, w string) bool {
	return glob(pattern, w, func(p, c byte) bool {
		if p == '?' {
			return c != '*'
		}
		return p == c && c != '?'
	})
}

// glob is the matcher behind Glob and GlobCovers: a '*' of pattern takes any
// run of s (a '*' of s included, so that "a*" matches "a*b"), and one(p,
// c) says whether any other character p of pattern takes the character c of
// s. Taking each run between stars at its leftmost
// place is never worse than a later one, so one star to return to is
// enough.
func glob(pattern, s string, one func(p, c byte) bool) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] != '*' && one(pattern[p], s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
