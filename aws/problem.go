package aws

import (
	"strconv"
	"strings"
)

// A ProblemType says what kind of problem a Problem is, so that a caller can
// report it as its own kind of error (Kubernetes' field.ErrorType has one
// of each).
type ProblemType string

// Problem types.
const (
	// ProblemInvalid is a value that breaks a rule.
	ProblemInvalid ProblemType = "Invalid"
	// ProblemRequired is an element that is missing.
	ProblemRequired ProblemType = "Required"
	// ProblemDuplicate is a key or value that repeats an earlier one.
	ProblemDuplicate ProblemType = "Duplicate"
	// ProblemForbidden is an element that must not be there at all.
	ProblemForbidden ProblemType = "Forbidden"
	// ProblemTooLong is a value longer than a limit.
	ProblemTooLong ProblemType = "TooLong"
)

// A Problem is one way in which a value breaks one of AWS's rules, with the
// place inside the value where it does.
type Problem struct {
	Type ProblemType
	// Path is the place inside the value, written as a field path is:
	// Statement[1].Effect, Statement.Action (a Statement that is one
	// object), Statement[0].Condition.StringEquals["aws:RequestTag/team"].
	// It is empty for the value as a whole.
	Path string
	// Value is what the place holds, as written: a string's text, any
	// other JSON value's compact text. It is empty where nothing was
	// written (ProblemRequired) and where the value as a whole is meant.
	Value string
	// Detail says what the rule is, without the path or the value.
	Detail string
}

// String is the problem in one line: the path, the value and the detail.
func (p Problem) String() string {
	var b strings.Builder
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	if p.Value != "" {
		b.WriteString(strconv.Quote(p.Value))
		b.WriteString(": ")
	}
	b.WriteString(p.Detail)
	return b.String()
}

// A docPath is a place inside a JSON document, built as the document is
// read and written out only for a problem.
type docPath struct {
	parent *docPath
	// key is the member's name, or, when isIndex, unused.
	key     string
	index   int
	isIndex bool
}

func (p *docPath) child(key string) *docPath { return &docPath{parent: p, key: key} }
func (p *docPath) item(i int) *docPath       { return &docPath{parent: p, index: i, isIndex: true} }

// String writes the path as a field path: names joined by '.', indexes
// and names that are not plain words in brackets.
func (p *docPath) String() string {
	if p == nil {
		return ""
	}
	parent := p.parent.String()
	switch {
	case p.isIndex:
		return parent + "[" + strconv.Itoa(p.index) + "]"
	case !isPlainName(p.key):
		return parent + "[" + strconv.Quote(p.key) + "]"
	case parent == "":
		return p.key
	default:
		return parent + "." + p.key
	}
}

// isPlainName: a non-empty run of ASCII letters, digits and '_', which a
// path can write without quotes.
func isPlainName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isWord(s[i]) {
			return false
		}
	}
	return true
}
