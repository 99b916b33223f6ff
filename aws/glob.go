package aws

// Glob matches s against a pattern in which '*' is any run of characters,
// '/' included, and '?' is any one character. ARNs have '/' in their paths,
// which path.Match's '*' would not cross. It runs in time linear in
// len(pattern)*len(s) at worst and needs no memory.
func Glob(pattern, s string) bool {
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
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
