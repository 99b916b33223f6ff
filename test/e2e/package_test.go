package e2e

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// TestPackage builds the Function package the Docker-free way, as
// go run ./cmd/xpkg does, and checks what is inside: the package metadata
// (with the composition capability) and the Input CRD, a runtime image that
// runs the binary as nonroot on port 9443, and a binary that starts, serves
// gRPC and answers RunFunction.
func TestPackage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	img, err := xpcli.BuildRuntimeImage(ctx, runtime.GOARCH, dir)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := xpcli.BuildPackage(ctx, cli, img, dir, runtime.GOARCH)
	if err != nil {
		t.Fatal(err)
	}

	xpkg, err := tarball.ImageFromPath(pkg, nil)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := xpkg.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(cf.Config.Entrypoint, []string{xpcli.RuntimeBinary}) || cf.Config.User != xpcli.RuntimeUser || cf.OS != "linux" || cf.Architecture != runtime.GOARCH {
		t.Errorf("runtime config: entrypoint %v, user %q, platform %s/%s; want [%s], %q, linux/%s",
			cf.Config.Entrypoint, cf.Config.User, cf.OS, cf.Architecture, xpcli.RuntimeBinary, xpcli.RuntimeUser, runtime.GOARCH)
	}
	if _, ok := cf.Config.ExposedPorts[xpcli.RuntimePort]; !ok {
		t.Errorf("the image does not expose %s: %v", xpcli.RuntimePort, cf.Config.ExposedPorts)
	}

	files := packageFiles(t, xpkg, "package.yaml", "function")
	var kinds []string
	for _, doc := range packageObjects(t, files["package.yaml"]) {
		kinds = append(kinds, str(doc, "kind")+"/"+str(doc, "metadata", "name"))
		if str(doc, "kind") != "Function" {
			continue
		}
		checkAnnotations(t, doc)
		spec, _ := doc["spec"].(map[string]any)
		if diff := cmp.Diff([]any{"composition"}, spec["capabilities"]); diff != "" {
			t.Errorf("the Function's capabilities, -want, +got:\n%s", diff)
		}
	}
	slices.Sort(kinds)
	if want := []string{"CustomResourceDefinition/inputs.podidentity.fn.crossplane.io", "Function/function-pod-identity"}; !slices.Equal(kinds, want) {
		t.Errorf("package.yaml holds %v, want %v", kinds, want)
	}

	// The binary in the image is the function: it starts and answers.
	bin := filepath.Join(dir, "from-image")
	if err := os.WriteFile(bin, files["function"], 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := xpcli.StartFunction(ctx, bin, os.Stderr)
	if err != nil {
		t.Fatalf("the image's binary does not serve: %v", err)
	}
	defer f.Stop()
	conn, err := grpc.NewClient(f.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Close() }()
	xr, err := structpb.NewStruct(map[string]any{"metadata": map[string]any{"name": "x"}, "spec": map[string]any{"clusterName": "c", "region": "us-east-2"}})
	if err != nil {
		t.Fatal(err)
	}
	rsp, err := fnv1.NewFunctionRunnerServiceClient(conn).RunFunction(ctx, &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xr}}})
	if err != nil || len(rsp.GetDesired().GetResources()) == 0 {
		t.Errorf("the image's binary did not compose: %v %v", err, rsp.GetResults())
	}
}

// packageFiles are the named files of a package's image.
func packageFiles(t *testing.T, img v1.Image, names ...string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	fs := mutate.Extract(img)
	defer func() { _ = fs.Close() }()
	tr := tar.NewReader(fs)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if name := strings.TrimPrefix(hdr.Name, "/"); slices.Contains(names, name) {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
	}
	for _, name := range names {
		if files[name] == nil {
			t.Fatalf("the package has no %s", name)
		}
	}
	return files
}

// packageObjects are the objects of a package.yaml: its metadata first,
// then its contents.
func packageObjects(t *testing.T, packageYAML []byte) []map[string]any {
	t.Helper()
	var objects []map[string]any
	for _, doc := range documents(t, packageYAML) {
		if len(doc) > 0 {
			objects = append(objects, doc)
		}
	}
	if len(objects) == 0 {
		t.Fatal("package.yaml is empty")
	}
	return objects
}

// checkAnnotations checks that package metadata says what the package is,
// where its source is and whom to ask: a maintainer with a contact.
func checkAnnotations(t *testing.T, meta map[string]any) {
	t.Helper()
	for _, a := range []string{"meta.crossplane.io/maintainer", "meta.crossplane.io/source", "meta.crossplane.io/license", "meta.crossplane.io/description", "meta.crossplane.io/readme"} {
		if str(meta, "metadata", "annotations", a) == "" {
			t.Errorf("the %s package's metadata lacks %s", str(meta, "kind"), a)
		}
	}
	if m := str(meta, "metadata", "annotations", "meta.crossplane.io/maintainer"); !regexp.MustCompile(`^[^<>]+ <(https://\S+|\S+@\S+)>$`).MatchString(m) {
		t.Errorf("the %s package's maintainer %q is not `name <contact>` with an e-mail address or a URL", str(meta, "kind"), m)
	}
}

// TestConfigurationPackage builds the Configuration package as
// go run ./cmd/xpkg does and checks that it is what a platform team can
// install in one command: its metadata parses, its dependencies are the
// function's release and the provider-aws families of every managed resource
// the function can compose, its Compositions call the function by the name
// Crossplane's package manager gives that dependency, and it holds exactly
// the XRD and Compositions of example/ (xpcli.APIFiles), which validate
// against Crossplane's CRDs and the function's Input CRD.
func TestConfigurationPackage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	pkg, err := xpcli.BuildConfiguration(ctx, cli, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(pkg, nil)
	if err != nil {
		t.Fatal(err)
	}
	objects := packageObjects(t, packageFiles(t, img, "package.yaml")["package.yaml"])
	meta, contents := objects[0], objects[1:]

	if got := str(meta, "apiVersion") + " " + str(meta, "kind") + " " + str(meta, "metadata", "name"); got != "meta.pkg.crossplane.io/v1 Configuration configuration-pod-identity" {
		t.Errorf("the package's metadata is %s, want the Configuration configuration-pod-identity", got)
	}
	checkAnnotations(t, meta)

	type dependency struct{ APIVersion, Kind, Package, Version string }
	var spec struct {
		Crossplane struct {
			Version string `json:"version"`
		} `json:"crossplane"`
		DependsOn []dependency `json:"dependsOn"`
	}
	b, err := yaml.Marshal(meta["spec"])
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.UnmarshalStrict(b, &spec); err != nil {
		t.Fatalf("the Configuration's spec: %v", err)
	}
	families := providerFamilies()
	want := make([]dependency, 0, 1+len(families))
	want = append(want, dependency{"pkg.crossplane.io/v1", "Function", xpcli.FunctionRepository, release(t)})
	for _, p := range families {
		want = append(want, dependency{"pkg.crossplane.io/v1", "Provider", p, xpcli.ProviderAWSVersion})
	}
	sortDeps := func(d []dependency) {
		slices.SortFunc(d, func(a, b dependency) int { return strings.Compare(a.Package, b.Package) })
	}
	sortDeps(want)
	sortDeps(spec.DependsOn)
	if diff := cmp.Diff(want, spec.DependsOn); diff != "" {
		t.Errorf("dependsOn, -want, +got:\n%s", diff)
	}

	functionName, err := xpcli.DependencyName(xpcli.FunctionRepository)
	if err != nil {
		t.Fatal(err)
	}
	files, err := xpcli.APIFiles()
	if err != nil {
		t.Fatal(err)
	}
	wantContents := make([]map[string]any, 0, len(files))
	for _, f := range files {
		wantContents = append(wantContents, documents(t, f.Content)...)
	}
	byName := func(a, b map[string]any) int {
		return strings.Compare(str(a, "kind")+"/"+str(a, "metadata", "name"), str(b, "kind")+"/"+str(b, "metadata", "name"))
	}
	// xpkg build writes what it decoded, so its XRD gains an empty status.
	for _, o := range contents {
		delete(o, "status")
	}
	slices.SortFunc(wantContents, byName)
	slices.SortFunc(contents, byName)
	if diff := cmp.Diff(wantContents, contents); diff != "" {
		t.Errorf("the package does not hold the XRD and Compositions of example/, -want, +got:\n%s", diff)
	}
	checkAPI(t, contents, functionName)

	var stream bytes.Buffer
	for _, o := range contents {
		b, err := yaml.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		stream.WriteString("---\n")
		stream.Write(b)
	}
	file := filepath.Join(t.TempDir(), "contents.yaml")
	if err := os.WriteFile(file, stream.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := validator.Validate(ctx, file); err != nil {
		t.Errorf("%v:\n%s", err, out)
	}
}

// checkAPI checks that objects are one XRD and its Compositions: each
// composes the XRD's kind at a served version and calls only the function
// named functionName, and the XRD's default Composition, if it names one,
// is among them.
func checkAPI(t *testing.T, objects []map[string]any, functionName string) {
	t.Helper()
	var xrd map[string]any
	compositions := map[string]map[string]any{}
	for _, o := range objects {
		switch str(o, "kind") {
		case "CompositeResourceDefinition":
			if xrd != nil {
				t.Errorf("more than one XRD")
			}
			xrd = o
		case "Composition":
			compositions[str(o, "metadata", "name")] = o
		default:
			t.Errorf("unexpected %s %s", str(o, "kind"), str(o, "metadata", "name"))
		}
	}
	if xrd == nil || len(compositions) == 0 {
		t.Fatalf("want an XRD and Compositions, got %d objects", len(objects))
	}
	served := map[string]bool{}
	xrdSpec, _ := xrd["spec"].(map[string]any)
	versions, _ := xrdSpec["versions"].([]any)
	for _, v := range versions {
		if m, _ := v.(map[string]any); m["served"] == true {
			served[str(xrd, "spec", "group")+"/"+str(m, "name")] = true
		}
	}
	for name, c := range compositions {
		composes := str(c, "spec", "compositeTypeRef", "apiVersion") + ", Kind=" + str(c, "spec", "compositeTypeRef", "kind")
		if str(c, "spec", "compositeTypeRef", "kind") != str(xrd, "spec", "names", "kind") || !served[str(c, "spec", "compositeTypeRef", "apiVersion")] {
			t.Errorf("Composition %s composes %s, which the XRD does not serve", name, composes)
		}
		spec, _ := c["spec"].(map[string]any)
		pipeline, _ := spec["pipeline"].([]any)
		for _, s := range pipeline {
			step, _ := s.(map[string]any)
			if got := str(step, "functionRef", "name"); got != functionName {
				t.Errorf("Composition %s step %s calls function %q, want %q, the name Crossplane gives the dependency", name, str(step, "step"), got, functionName)
			}
		}
	}
	if d := str(xrd, "spec", "defaultCompositionRef", "name"); d != "" && compositions[d] == nil {
		t.Errorf("the XRD's defaultCompositionRef names %q, which the package does not hold", d)
	}
}

// providerFamilies are the provider-aws packages that serve the kinds the
// function can compose (xpcli.ProviderAWSCRDs): the family member named
// after the group's first label (iam.aws.m.upbound.io: provider-aws-iam),
// and provider-family-aws for the ProviderConfigs' groups, aws.upbound.io
// and aws.m.upbound.io: it is built from the `config` subpackage (target
// providerconfig-e2e of provider-aws v2.5.0's Makefile), and every member
// depends on it (package/crossplane.yaml.tmpl).
func providerFamilies() []string {
	var packages []string
	for _, crd := range xpcli.ProviderAWSCRDs {
		group, _, _ := strings.Cut(crd, "_")
		service, _, _ := strings.Cut(group, ".")
		p := "xpkg.upbound.io/upbound/provider-aws-" + service
		if service == "aws" {
			p = "xpkg.upbound.io/upbound/provider-family-aws"
		}
		if !slices.Contains(packages, p) {
			packages = append(packages, p)
		}
	}
	return packages
}

// release is the version the next release will carry: the newest in
// CHANGELOG.md.
func release(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## (v\d+\.\d+\.\d+)\b`).FindSubmatch(b)
	if m == nil {
		t.Fatal("CHANGELOG.md has no release heading (## vX.Y.Z)")
	}
	return string(m[1])
}
