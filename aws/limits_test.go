package aws

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A documentedLimit is an exported constant of limits.go: its value and
// the links of its doc comment and of its group's.
type documentedLimit struct {
	value   int64
	sources []string
}

// urlRE is a link in a comment or a Markdown cell; the punctuation that
// ends a sentence is not part of it.
var urlRE = regexp.MustCompile(`https://[^\s)\]]+[^\s)\].,;:]`)

// limitsOfLimitsGo reads limits.go and evaluates its exported constants.
func limitsOfLimitsGo(t *testing.T) map[string]documentedLimit {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "limits.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	// limits.go refers to nothing outside itself, so it type-checks alone.
	pkg, err := (&types.Config{}).Check("aws", fset, []*ast.File{file}, nil)
	if err != nil {
		t.Fatalf("limits.go must type-check on its own: %v", err)
	}
	limits := map[string]documentedLimit{}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			sources := urlRE.FindAllString(gen.Doc.Text()+vs.Doc.Text()+vs.Comment.Text(), -1)
			for _, name := range vs.Names {
				if !name.IsExported() {
					continue
				}
				value, exact := constant.Int64Val(pkg.Scope().Lookup(name.Name).(*types.Const).Val())
				if !exact {
					t.Fatalf("%s is no integer", name.Name)
				}
				limits[name.Name] = documentedLimit{value: value, sources: sources}
			}
		}
	}
	return limits
}

// readmeLimitRow is a row of the README's AWS limits table.
type readmeLimitRow struct {
	value   string
	sources []string
}

// readmeLimits reads the table of the README's "AWS limits" section.
func readmeLimits(t *testing.T) map[string]readmeLimitRow {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, found := strings.Cut(string(b), "\n## AWS limits\n")
	if !found {
		t.Fatal(`README.md has no section "## AWS limits"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	row := regexp.MustCompile("^\\| `(\\w+)` \\| ([^|]+) \\| [^|]+ \\| (.+) \\|$")
	rows := map[string]readmeLimitRow{}
	for _, line := range strings.Split(section, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if _, dup := rows[m[1]]; dup {
			t.Errorf("the README lists %s twice", m[1])
		}
		rows[m[1]] = readmeLimitRow{value: m[2], sources: urlRE.FindAllString(m[3], -1)}
	}
	if len(rows) == 0 {
		t.Fatal("the README's AWS limits section has no table rows")
	}
	return rows
}

// TestREADMEListsEveryAWSLimit keeps the README's table and limits.go in
// step: every exported constant is a row with its value, and its row's
// sources are links its comments give; the table names nothing else.
func TestREADMEListsEveryAWSLimit(t *testing.T) {
	limits := limitsOfLimitsGo(t)
	rows := readmeLimits(t)
	for name, limit := range limits {
		if len(limit.sources) == 0 {
			t.Errorf("limits.go: %s cites no source (no https:// link in its comments)", name)
		}
		r, ok := rows[name]
		if !ok {
			t.Errorf("README.md: the AWS limits table has no row for %s (%d)", name, limit.value)
			continue
		}
		if got, err := strconv.ParseInt(strings.ReplaceAll(r.value, ",", ""), 10, 64); err != nil || got != limit.value {
			t.Errorf("README.md: %s is %q, limits.go says %d", name, r.value, limit.value)
		}
		if len(r.sources) == 0 {
			t.Errorf("README.md: the row of %s links no source", name)
		}
		for _, s := range r.sources {
			if !slices.Contains(limit.sources, s) {
				t.Errorf("README.md: the row of %s links %s, which limits.go does not cite for it (it cites %v)", name, s, limit.sources)
			}
		}
	}
	for name := range rows {
		if _, ok := limits[name]; !ok {
			t.Errorf("README.md: the AWS limits table lists %s, which limits.go does not define", name)
		}
	}
}
