package xpcli

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/yaml"
)

// XRUID is the uid crossplane render gives the XR xr, as the controller of
// every resource it composes: its metadata.uid, or, when it has none, the
// one Crossplane v2.4's render engine derives from its kind, namespace and
// name (internal/render/composite/render.go:93-99 in crossplane v2.4.0): a
// SHA-1 UUID in the nil namespace of "<group>/<version>, Kind=<kind>\x00<namespace>\x00<name>".
// That engine refuses observed resources controlled by any other uid
// (CheckObservedResources, render.go:348-356); crank leaves the uid as the
// XR file has it and never reads observed owner references.
func XRUID(xr map[string]any) string {
	if uid := StringAt(xr, "metadata", "uid"); uid != "" {
		return uid
	}
	gvk := schema.FromAPIVersionAndKind(StringAt(xr, "apiVersion"), StringAt(xr, "kind"))
	key := gvk.String() + "\x00" + StringAt(xr, "metadata", "namespace") + "\x00" + StringAt(xr, "metadata", "name")
	return uuid.NewSHA1(uuid.Nil, []byte(key)).String()
}

// crossplaneConditions are the XR conditions Crossplane's reconciler sets
// whatever the function says: Responsive (its watch circuit breaker) and
// Synced. The current CLI's engine reports them, crank does not. Ready
// stays: both compute it the same way, from the readiness the function
// decides.
var crossplaneConditions = map[string]bool{"Responsive": true, "Synced": true}

// pipelineStepEvent is how Crossplane's reconciler words the event it makes
// of a function's Normal or Warning result: TargetedEvent.AsDetailedEvent
// with the detail `Pipeline step %q` (composition_functions.go:519-526 and
// reconciler.go:267-275 in crossplane/v2 internal/controller/apiextensions/composite,
// v2.4.0). The current CLI prints every event as a Result; events without
// this prefix are the reconciler's own (composition selected, resource not
// yet ready).
var pipelineStepEvent = regexp.MustCompile(`(?s)^Pipeline step ("(?:[^"\\]|\\.)*"): (.*)$`)

// crankSeverities are crank's spelling of result severities (the protobuf
// enum's names, cmd/crank/render/render.go:350-366 in crossplane v2.2.1); the
// current CLI prints them as event types.
var crankSeverities = map[string]string{"SEVERITY_NORMAL": "Normal", "SEVERITY_WARNING": "Warning"}

// documentSeparator splits a YAML stream as crossplane render prints it.
var documentSeparator = regexp.MustCompile(`(?m)^---\s*$`)

// Decisions reduces crossplane render's output to what the function decided,
// in the same form whichever CLI rendered it, so that golden files hold the
// function's behaviour rather than a CLI version's. What stays: the XR
// (its status and the function's conditions, plus Ready), the composed
// resources, and the function's own results. What goes or is made one:
//   - the XR's spec.crossplane.resourceRefs, which only the current CLI's
//     engine writes;
//   - the XR conditions Responsive and Synced; the rest are sorted by type;
//   - a composed resource's controller reference to the XR with an empty
//     uid (crank, for an XR without metadata.uid) gets XRUID, the uid the
//     current engine gives it;
//   - results become {step, severity, message} in crank's form with
//     severity Normal or Warning, sorted; the engine's own events are dropped.
func Decisions(rendered []byte) ([]byte, error) {
	var xr map[string]any
	var composed, results []map[string]any
	for _, doc := range documentSeparator.Split(string(rendered), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var m map[string]any
		if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
			return nil, fmt.Errorf("cannot parse rendered YAML: %w", err)
		}
		switch {
		case len(m) == 0:
			continue
		case StringAt(m, "kind") == "Result" && strings.HasPrefix(StringAt(m, "apiVersion"), "render.crossplane.io/"):
			r, err := functionResult(m)
			if err != nil {
				return nil, err
			}
			if r != nil {
				results = append(results, r)
			}
		case xr == nil:
			xr = m
		default:
			composed = append(composed, m)
		}
	}
	if xr == nil {
		return nil, fmt.Errorf("no XR in the rendered output")
	}
	normalizeXR(xr)
	uid := XRUID(xr)
	for _, c := range composed {
		controlledBy(c, xr, uid)
	}
	slices.SortStableFunc(results, func(a, b map[string]any) int {
		return cmp.Or(cmp.Compare(StringAt(a, "step"), StringAt(b, "step")), cmp.Compare(StringAt(a, "severity"), StringAt(b, "severity")), cmp.Compare(StringAt(a, "message"), StringAt(b, "message")))
	})

	var out strings.Builder
	for _, doc := range slices.Concat([]map[string]any{xr}, composed, results) {
		b, err := yaml.Marshal(doc)
		if err != nil {
			return nil, err
		}
		out.WriteString("---\n")
		out.Write(b)
	}
	return []byte(out.String()), nil
}

// normalizeXR drops what Crossplane rather than the function writes on the
// XR and sorts its conditions.
func normalizeXR(xr map[string]any) {
	if spec, ok := xr["spec"].(map[string]any); ok {
		if xp, ok := spec["crossplane"].(map[string]any); ok {
			delete(xp, "resourceRefs")
			if len(xp) == 0 {
				delete(spec, "crossplane")
			}
		}
		if len(spec) == 0 {
			delete(xr, "spec")
		}
	}
	status, ok := xr["status"].(map[string]any)
	if !ok {
		return
	}
	conditions, _ := status["conditions"].([]any)
	conditions = slices.DeleteFunc(slices.Clone(conditions), func(c any) bool {
		m, _ := c.(map[string]any)
		return crossplaneConditions[StringAt(m, "type")]
	})
	slices.SortStableFunc(conditions, func(a, b any) int {
		ma, _ := a.(map[string]any)
		mb, _ := b.(map[string]any)
		return cmp.Compare(StringAt(ma, "type"), StringAt(mb, "type"))
	})
	if len(conditions) == 0 {
		delete(status, "conditions")
	} else {
		status["conditions"] = conditions
	}
}

// controlledBy fills in uid on c's controller reference to xr when it is
// empty.
func controlledBy(c, xr map[string]any, uid string) {
	meta, _ := c["metadata"].(map[string]any)
	refs, _ := meta["ownerReferences"].([]any)
	for _, r := range refs {
		ref, _ := r.(map[string]any)
		if controller, _ := ref["controller"].(bool); !controller {
			continue
		}
		if StringAt(ref, "apiVersion") == StringAt(xr, "apiVersion") && StringAt(ref, "kind") == StringAt(xr, "kind") &&
			StringAt(ref, "name") == StringAt(xr, "metadata", "name") && StringAt(ref, "uid") == "" {
			ref["uid"] = uid
		}
	}
}

// functionResult is a Result document in crank's form, or nil if it is an
// event of Crossplane's own.
func functionResult(m map[string]any) (map[string]any, error) {
	step, severity, message := StringAt(m, "step"), StringAt(m, "severity"), StringAt(m, "message")
	if s, ok := crankSeverities[severity]; ok {
		severity = s
	}
	if step == "" {
		match := pipelineStepEvent.FindStringSubmatch(message)
		if match == nil {
			return nil, nil
		}
		var err error
		if step, err = strconv.Unquote(match[1]); err != nil {
			return nil, fmt.Errorf("cannot read the step of result %q: %w", message, err)
		}
		message = match[2]
	}
	return map[string]any{
		"apiVersion": StringAt(m, "apiVersion"), "kind": "Result",
		"step": step, "severity": severity, "message": message,
	}, nil
}

// StringAt is the string at path in an unstructured object, or "".
func StringAt(m map[string]any, path ...string) string {
	for i, p := range path {
		if i == len(path)-1 {
			s, _ := m[p].(string)
			return s
		}
		m, _ = m[p].(map[string]any)
	}
	return ""
}
