package e2e

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"

	fnv1 "github.com/crossplane/function-sdk-go/proto/v1"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/crossplane-contrib/function-pod-identity/internal/testpki"
	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// TestTransportSecurity serves the function the way Crossplane runs it, with
// mTLS certificates from --tls-certs-dir, and shows that only a client with a
// certificate of the trusted CA gets an answer.
func TestTransportSecurity(t *testing.T) {
	trusted, err := testpki.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	other, err := testpki.NewCA()
	if err != nil {
		t.Fatal(err)
	}
	server, err := trusted.Issue(2, "function-pod-identity", nil, []string{"localhost"}, []net.IP{net.ParseIP("127.0.0.1")})
	if err != nil {
		t.Fatal(err)
	}
	crossplane, err := trusted.Issue(3, "crossplane", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	stranger, err := other.Issue(4, "crossplane", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "tls")
	if err := trusted.WriteTLSDir(dir, server); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var log bytes.Buffer
	f, err := xpcli.StartFunctionWithTLS(ctx, fnBin, dir, &log)
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	defer f.Stop()

	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(trusted.CertPEM)
	withCert := func(kp testpki.KeyPair) grpc.DialOption {
		cert, err := tls.X509KeyPair(kp.Cert, kp.Key)
		if err != nil {
			t.Fatal(err)
		}
		return grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: roots, Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}))
	}
	cases := map[string]struct {
		reason string
		dial   grpc.DialOption
		ok     bool
	}{
		"TrustedClient": {reason: "Crossplane's client certificate, signed by the CA the function trusts, gets an answer.", dial: withCert(crossplane), ok: true},
		"NoCertificate": {reason: "A TLS client without a certificate is refused.", dial: grpc.WithTransportCredentials(credentials.NewTLS(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12}))},
		"OtherCA":       {reason: "A certificate of another CA is refused.", dial: withCert(stranger)},
		"PlainTextGRPC": {reason: "A client without TLS is refused.", dial: grpc.WithTransportCredentials(insecure.NewCredentials())},
	}
	xr, err := structpb.NewStruct(map[string]any{"metadata": map[string]any{"name": "x"}, "spec": map[string]any{"clusterName": "c", "region": "us-east-2"}})
	if err != nil {
		t.Fatal(err)
	}
	req := &fnv1.RunFunctionRequest{Observed: &fnv1.State{Composite: &fnv1.Resource{Resource: xr}}}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			conn, err := grpc.NewClient(f.Addr, tc.dial)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = conn.Close() }()
			callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			rsp, err := fnv1.NewFunctionRunnerServiceClient(conn).RunFunction(callCtx, req)
			switch {
			case tc.ok && err != nil:
				t.Errorf("%s\nrefused: %v", tc.reason, err)
			case tc.ok && len(rsp.GetDesired().GetResources()) == 0:
				t.Errorf("%s\nno composed resources in the answer", tc.reason)
			case !tc.ok && err == nil:
				t.Errorf("%s\nanswered", tc.reason)
			}
		})
	}
}

// TestRefusesToStartWithoutCredentials shows that the function will not
// serve in plain text unless told to with --insecure.
func TestRefusesToStartWithoutCredentials(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, fnBin, "--address=127.0.0.1:0", "--metrics-address=").CombinedOutput()
	if err == nil {
		t.Fatalf("the function started without certificates or --insecure:\n%s", out)
	}
	if !strings.Contains(string(out), "no credentials provided") {
		t.Errorf("it should say why it refused; it said:\n%s", out)
	}
}
