// Command readmegen writes the generated parts of README.md's section
// "Least-privilege presets" from the presets table, so that the README shows
// exactly what the presets package grants. Each part sits between a pair of
// marker comments; everything outside them is written by hand. Run it with
// go generate ./presets.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/crossplane-contrib/function-pod-identity/presets"
)

// exampleFamily is the family whose policy document the README shows.
const exampleFamily = "provider-aws-s3"

func main() {
	readme := flag.String("readme", "README.md", "the README to rewrite")
	table := flag.String("table", "data/families.json", "the presets table, for the reasons of its entries")
	reference := flag.String("reference", "data/iam-service-reference.json", "the Service Authorization Reference snapshot")
	flag.Parse()
	if err := run(*readme, *table, *reference); err != nil {
		fmt.Fprintln(os.Stderr, "readmegen:", err)
		os.Exit(1)
	}
}

// run rewrites the generated parts of the README at path.
func run(path, table, reference string) error {
	readme, err := os.ReadFile(path) //nolint:gosec // the file go generate names
	if err != nil {
		return err
	}
	parts, err := Parts(table, reference)
	if err != nil {
		return err
	}
	out, err := Rewrite(readme, parts)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o644) //nolint:gosec // the README is world-readable
}

// A Part is one generated part of the README: the text between the markers
// Begin(Name) and End(Name).
type Part struct {
	Name string
	Text string
}

// Begin and End are the marker comments around a generated part; Markdown
// renders neither.
func Begin(name string) string {
	return "<!-- BEGIN GENERATED " + name + ": go generate ./presets -->"
}

// End closes the part Begin opened.
func End(name string) string { return "<!-- END GENERATED " + name + " -->" }

// An entry is a service prefix, PassRole service or service-linked role of
// the table file, with its provenance.
type entry struct {
	Prefix    string `json:"prefix"`
	Service   string `json:"service"`
	Uncertain bool   `json:"uncertain"`
	Reason    string `json:"reason"`
}

// Parts renders every generated part from the presets package, the table
// file it embeds (for the reasons of uncertain entries, which the package
// does not carry) and the Service Authorization Reference snapshot.
func Parts(tablePath, referencePath string) ([]Part, error) {
	var table struct {
		Families []struct {
			Package            string  `json:"package"`
			ServicePrefixes    []entry `json:"servicePrefixes"`
			PassRole           []entry `json:"passRole"`
			ServiceLinkedRoles []entry `json:"serviceLinkedRoles"`
		} `json:"families"`
	}
	if err := readJSON(tablePath, &table); err != nil {
		return nil, err
	}
	var snapshot struct {
		Source struct{ Package, Version, Date string }
	}
	if err := readJSON(referencePath, &snapshot); err != nil {
		return nil, err
	}
	presetList := presets.All()
	example, ok := presets.Lookup(exampleFamily)
	if !ok {
		return nil, fmt.Errorf("the presets table has no %s to show", exampleFamily)
	}
	policies, err := example.Policies(presets.MaxManagedPolicySize)
	if err != nil {
		return nil, err
	}
	var doc strings.Builder
	for _, p := range policies {
		fmt.Fprintf(&doc, "```json\n%s\n```\n", p.Document)
	}

	var all strings.Builder
	fmt.Fprintf(&all, "The %d family packages of provider-aws %s, from `presets/data/families.json`; every prefix is in the\n", len(presetList), presets.ProviderVersion())
	fmt.Fprintf(&all, "Service Authorization Reference of %s (`%s` %s).\n\n", strings.SplitN(snapshot.Source.Date, "T", 2)[0], snapshot.Source.Package, snapshot.Source.Version)
	all.WriteString("<details>\n<summary>All presets</summary>\n\n")
	all.WriteString("| package | IAM service prefixes | `iam:PassRole` to | service-linked roles |\n|---|---|---|---|\n")
	for _, p := range presetList {
		prefixes := make([]string, len(p.ServicePrefixes))
		for i, sp := range p.ServicePrefixes {
			prefixes[i] = code(sp.Name)
			if sp.Incidental {
				prefixes[i] = "*" + prefixes[i] + "*"
			}
		}
		fmt.Fprintf(&all, "| %s | %s | %s | %s |\n", code(p.Package), list(prefixes), list(codes(p.PassRoleServices)), list(codes(p.ServiceLinkedRoleServices)))
	}
	all.WriteString("\n</details>\n")

	var broad strings.Builder
	broad.WriteString("| package | why |\n|---|---|\n")
	for _, p := range presetList {
		if p.Broad != "" {
			fmt.Fprintf(&broad, "| %s | %s |\n", code(p.Package), cell(p.Broad))
		}
	}

	var uncertain strings.Builder
	uncertain.WriteString("| package | entry | why |\n|---|---|---|\n")
	for _, f := range table.Families {
		for _, list := range []struct {
			entries []entry
			label   func(entry) string
		}{
			{f.ServicePrefixes, func(e entry) string { return code(e.Prefix + ":*") }},
			{f.PassRole, func(e entry) string { return "`iam:PassRole` to " + code(e.Service) }},
			{f.ServiceLinkedRoles, func(e entry) string { return "service-linked role of " + code(e.Service) }},
		} {
			for _, e := range list.entries {
				if e.Uncertain {
					fmt.Fprintf(&uncertain, "| %s | %s | %s |\n", code(f.Package), list.label(e), cell(e.Reason))
				}
			}
		}
	}

	return []Part{
		{Name: "presets/example", Text: doc.String()},
		{Name: "presets/table", Text: all.String()},
		{Name: "presets/broad", Text: broad.String()},
		{Name: "presets/uncertain", Text: uncertain.String()},
	}, nil
}

// readJSON decodes the JSON file at path into v.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path) //nolint:gosec // the files go generate names
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Rewrite replaces the text between the markers of every part in readme. A
// part whose markers are missing, repeated or out of order is an error, so
// that a damaged README is never half rewritten.
func Rewrite(readme []byte, parts []Part) ([]byte, error) {
	out := readme
	for _, p := range parts {
		begin, end := []byte(Begin(p.Name)+"\n"), []byte(End(p.Name)+"\n")
		if bytes.Count(out, begin) != 1 || bytes.Count(out, end) != 1 {
			return nil, fmt.Errorf("needs exactly one line %q and one line %q", bytes.TrimSpace(begin), bytes.TrimSpace(end))
		}
		i := bytes.Index(out, begin) + len(begin)
		j := bytes.Index(out, end)
		if j < i {
			return nil, fmt.Errorf("%q comes before %q", bytes.TrimSpace(end), bytes.TrimSpace(begin))
		}
		out = append(append(append([]byte{}, out[:i]...), p.Text...), out[j:]...)
	}
	return out, nil
}

// code is s as inline code.
func code(s string) string { return "`" + s + "`" }

// codes is every s as inline code.
func codes(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = code(s)
	}
	return out
}

// list joins a table cell's items.
func list(items []string) string { return strings.Join(items, ", ") }

// cell makes prose safe in a Markdown table cell: a pipe would end the cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
