package e2e

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/structpb"
	"sigs.k8s.io/yaml"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"

	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// TestPackage builds the Crossplane package the Docker-free way, as
// go run ./cmd/xpkg does, and checks what is inside: the package metadata
// and the Input CRD, a runtime image that runs the binary as nonroot on port
// 9443, and a binary that starts, serves gRPC and answers RunFunction.
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

	files := map[string][]byte{}
	fs := mutate.Extract(xpkg)
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
		if name := strings.TrimPrefix(hdr.Name, "/"); name == "package.yaml" || name == "function" {
			b, err := io.ReadAll(tr)
			if err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
	}

	var kinds []string
	for _, doc := range bytes.Split(files["package.yaml"], []byte("\n---\n")) {
		var m struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
			Metadata   struct {
				Name        string            `json:"name"`
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &m); err != nil {
			t.Fatal(err)
		}
		if m.Kind == "" {
			continue
		}
		kinds = append(kinds, m.Kind+"/"+m.Metadata.Name)
		if m.Kind == "Function" {
			for _, a := range []string{"meta.crossplane.io/maintainer", "meta.crossplane.io/source", "meta.crossplane.io/license", "meta.crossplane.io/description", "meta.crossplane.io/readme"} {
				if m.Metadata.Annotations[a] == "" {
					t.Errorf("the package metadata lacks %s", a)
				}
			}
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
