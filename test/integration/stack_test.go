package integration

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/yaml"

	"github.com/crossplane-contrib/function-pod-identity/internal/testpki"
	"github.com/crossplane-contrib/function-pod-identity/internal/xpcli"
)

// Where the stack listens, inside its own network namespace.
const (
	etcdAddress      = "127.0.0.1:2379"
	apiserverAddress = "127.0.0.1:6443"
	functionAddress  = "127.0.0.1:9443"
	crossplaneNS     = "crossplane-system"
	fieldManager     = "integration-test"
)

type stackPaths struct {
	bin, function, awsModule, xpModule, repo string
}

// A controlPlane is the running stack and a client of its API server.
type controlPlane struct {
	dir    string
	paths  stackPaths
	procs  []*process
	client dynamic.Interface
	mapper *restmapper.DeferredDiscoveryRESTMapper
}

// A process of the stack, its output kept in a log file.
type process struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
}

func (cp *controlPlane) start(name, bin string, env []string, args ...string) (*process, error) {
	log := filepath.Join(cp.dir, name+".log")
	f, err := os.Create(log)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	// Its own process group, so that stop ends it and what it started; and
	// it dies with the test.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("cannot start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, log: log, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		_ = f.Close()
		close(p.done)
	}()
	cp.procs = append(cp.procs, p)
	return p, nil
}

// stop ends every process, newest first, and waits for them.
func (cp *controlPlane) stop() {
	for i := len(cp.procs) - 1; i >= 0; i-- {
		p := cp.procs[i]
		_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
		<-p.done
	}
	cp.procs = nil
}

// dumpLogs prints the end of every process's log, for a failed run.
func (cp *controlPlane) dumpLogs(w io.Writer) {
	for _, p := range cp.procs {
		b, _ := os.ReadFile(p.log)
		if len(b) > 6000 {
			b = b[len(b)-6000:]
		}
		_, _ = fmt.Fprintf(w, "===== %s (last lines of %s)\n%s\n", p.name, p.log, b)
	}
}

func startControlPlane(ctx context.Context, dir string, paths stackPaths) (*controlPlane, error) {
	cp := &controlPlane{dir: dir, paths: paths}
	pki := filepath.Join(dir, "pki")
	if err := os.MkdirAll(pki, 0o700); err != nil {
		return nil, err
	}
	authority, err := testpki.NewCA()
	if err != nil {
		return nil, err
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1")}
	apiserverCert, err := authority.Issue(2, "kube-apiserver", nil, []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc"}, append(loopback, net.ParseIP("10.0.0.1")))
	if err != nil {
		return nil, err
	}
	admin, err := authority.Issue(3, "admin", []string{"system:masters"}, nil, nil)
	if err != nil {
		return nil, err
	}
	crossplaneClient, err := authority.Issue(4, "crossplane", nil, nil, nil)
	if err != nil {
		return nil, err
	}
	// Crossplane checks the function's certificate against the host of its
	// endpoint, 127.0.0.1.
	functionServer, err := authority.Issue(5, "function-pod-identity", nil, []string{"localhost"}, loopback)
	if err != nil {
		return nil, err
	}
	for name, b := range map[string][]byte{"ca.crt": authority.CertPEM, "apiserver.crt": apiserverCert.Cert, "apiserver.key": apiserverCert.Key} {
		if err := os.WriteFile(filepath.Join(pki, name), b, 0o600); err != nil {
			return nil, err
		}
	}
	saPub, saKey, err := testpki.ServiceAccountKeys(pki)
	if err != nil {
		return nil, err
	}
	crossplaneTLS, functionTLS := filepath.Join(pki, "crossplane"), filepath.Join(pki, "function")
	if err := authority.WriteTLSDir(crossplaneTLS, crossplaneClient); err != nil {
		return nil, err
	}
	if err := authority.WriteTLSDir(functionTLS, functionServer); err != nil {
		return nil, err
	}
	kubeconfig := filepath.Join(dir, "admin.kubeconfig")
	if err := os.WriteFile(kubeconfig, kubeconfigFor(authority.CertPEM, admin), 0o600); err != nil {
		return nil, err
	}

	bin := func(name string) string { return filepath.Join(paths.bin, name) }
	if _, err := cp.start("etcd", bin("etcd"), nil,
		"--data-dir="+filepath.Join(dir, "etcd"),
		"--listen-client-urls=http://"+etcdAddress, "--advertise-client-urls=http://"+etcdAddress,
		"--listen-peer-urls=http://127.0.0.1:2380", "--initial-advertise-peer-urls=http://127.0.0.1:2380",
		"--initial-cluster=default=http://127.0.0.1:2380", "--listen-metrics-urls=http://127.0.0.1:2381"); err != nil {
		return cp, err
	}
	if err := waitTCP(ctx, etcdAddress); err != nil {
		return cp, fmt.Errorf("etcd: %w", err)
	}

	if _, err := cp.start("kube-apiserver", bin("kube-apiserver"), nil,
		"--etcd-servers=http://"+etcdAddress,
		"--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", "--secure-port=6443",
		"--tls-cert-file="+filepath.Join(pki, "apiserver.crt"), "--tls-private-key-file="+filepath.Join(pki, "apiserver.key"),
		"--client-ca-file="+filepath.Join(pki, "ca.crt"),
		"--service-account-issuer=https://kubernetes.default.svc", "--service-account-key-file="+saPub, "--service-account-signing-key-file="+saKey,
		"--service-cluster-ip-range=10.0.0.0/24",
		"--authorization-mode=RBAC", "--endpoint-reconciler-type=none", "--enable-priority-and-fairness=false"); err != nil {
		return cp, err
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return cp, err
	}
	cfg.QPS, cfg.Burst = 200, 400
	// provider-aws's finalizer has no path, which the API server warns about
	// on every write.
	cfg.WarningHandler = rest.NoWarnings{}
	if err := waitAPIServer(ctx, cfg); err != nil {
		return cp, fmt.Errorf("kube-apiserver: %w", err)
	}
	if cp.client, err = dynamic.NewForConfig(cfg); err != nil {
		return cp, err
	}
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return cp, err
	}
	cp.mapper = restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(dc))

	if err := cp.apply(ctx, fmt.Sprintf("apiVersion: v1\nkind: Namespace\nmetadata: {name: %s}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n", crossplaneNS)); err != nil {
		return cp, err
	}

	xpEnv := []string{"POD_NAMESPACE=" + crossplaneNS, "KUBECONFIG=" + kubeconfig, "ENABLE_WEBHOOKS=false",
		"CRDS_PATH=" + filepath.Join(paths.xpModule, "cluster", "crds"), "TLS_CLIENT_CERTS_DIR=" + crossplaneTLS}
	// init generates a CA and client certificate into these Secrets; the
	// function trusts the test's own CA, which start reads from
	// TLS_CLIENT_CERTS_DIR.
	initEnv := append(slices.Clone(xpEnv), "TLS_CA_SECRET_NAME=crossplane-root-ca", "TLS_CLIENT_SECRET_NAME=crossplane-tls-client")
	if err := cp.initCrossplane(ctx, bin("crossplane"), initEnv); err != nil {
		return cp, err
	}
	// The test plays provider-aws, which acts in milliseconds where the real
	// one takes its time: a single transition of an XR makes more watch
	// events in a second than Crossplane's circuit breaker allows in a burst
	// (50 updates), and an open breaker drops them for up to 30 seconds.
	if _, err := cp.start("crossplane", bin("crossplane"), xpEnv, "core", "start",
		"--package-runtime=External", "--poll-interval=2s", "--circuit-breaker-burst=2000", "--xpkg-cache-dir="+filepath.Join(dir, "xpkg")); err != nil {
		return cp, err
	}

	if err := cp.installCRDs(ctx); err != nil {
		return cp, err
	}
	if _, err := cp.start("function-pod-identity", paths.function, nil,
		"--tls-certs-dir="+functionTLS, "--address="+functionAddress, "--metrics-address=", "--debug"); err != nil {
		return cp, err
	}
	if err := waitTCP(ctx, functionAddress); err != nil {
		return cp, fmt.Errorf("function: %w", err)
	}
	if err := cp.registerFunction(ctx); err != nil {
		return cp, err
	}
	if err := cp.installExamples(ctx); err != nil {
		return cp, err
	}
	// Without the garbage collector deleting an XR leaves what it composed.
	// It starts once every kind is there: it finds the kinds that appear
	// later only every 30 seconds, and cannot collect what their objects own
	// meanwhile.
	_, err = cp.start("kube-controller-manager", bin("kube-controller-manager"), nil,
		"--kubeconfig="+kubeconfig, "--controllers=garbagecollector,namespace", "--leader-elect=false", "--secure-port=0")
	return cp, err
}

// initCrossplane installs Crossplane's CRDs. The first run can race its own
// CRDs becoming established, so it is tried again once.
func (cp *controlPlane) initCrossplane(ctx context.Context, bin string, env []string) error {
	var err error
	for range 2 {
		var p *process
		if p, err = cp.start("crossplane-init", bin, env, "core", "init"); err != nil {
			return err
		}
		select {
		case <-p.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if p.cmd.ProcessState.Success() {
			return nil
		}
		err = fmt.Errorf("crossplane core init failed, see %s", p.log)
	}
	return err
}

// moreCRDs are the provider-aws CRDs the tests need beside those of the
// composed kinds: ProviderConfigUsages, which the function lists before it
// uninstalls a Provider and which the tests create as provider-aws would,
// and two kinds of provider-aws-sqs, whose installation the tests play.
var moreCRDs = []string{
	"aws.m.upbound.io_providerconfigusages.yaml",
	"aws.upbound.io_providerconfigusages.yaml",
	"sqs.aws.m.upbound.io_queues.yaml",
	"sqs.aws.m.upbound.io_queuepolicies.yaml",
}

// installCRDs installs the provider-aws CRDs of every composed kind, and
// moreCRDs.
func (cp *controlPlane) installCRDs(ctx context.Context) error {
	crds := slices.Concat(xpcli.ProviderAWSCRDs, moreCRDs)
	var docs []string
	for _, name := range crds {
		b, err := os.ReadFile(filepath.Join(cp.paths.awsModule, "package", "crds", name))
		if err != nil {
			return err
		}
		docs = append(docs, string(b))
	}
	if err := cp.apply(ctx, strings.Join(docs, "\n---\n")); err != nil {
		return err
	}
	for _, name := range crds {
		crd := strings.TrimSuffix(name, ".yaml")
		group, plural, _ := strings.Cut(crd, "_")
		if err := cp.waitEstablished(ctx, plural+"."+group); err != nil {
			return err
		}
	}
	return nil
}

// registerFunction stands in for Crossplane's package manager: an active
// FunctionRevision of function-pod-identity, paused so that nothing pulls an
// image, whose status points Crossplane at the local function.
func (cp *controlPlane) registerFunction(ctx context.Context) error {
	const rev = `
apiVersion: pkg.crossplane.io/v1
kind: FunctionRevision
metadata:
  name: function-pod-identity-local
  labels: {pkg.crossplane.io/package: function-pod-identity}
  annotations: {crossplane.io/paused: "true"}
spec:
  desiredState: Active
  image: xpkg.crossplane.io/crossplane-contrib/function-pod-identity:v0.1.0
  revision: 1
`
	if err := cp.apply(ctx, rev); err != nil {
		return err
	}
	status := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "pkg.crossplane.io/v1", "kind": "FunctionRevision",
		"metadata": map[string]any{"name": "function-pod-identity-local"},
		"status":   map[string]any{"endpoint": functionAddress, "capabilities": []any{"composition"}},
	}}
	_, err := cp.client.Resource(schema.GroupVersionResource{Group: "pkg.crossplane.io", Version: "v1", Resource: "functionrevisions"}).
		ApplyStatus(ctx, status.GetName(), status, metav1.ApplyOptions{FieldManager: fieldManager, Force: true})
	return err
}

// installExamples installs the example XRD and both Compositions.
func (cp *controlPlane) installExamples(ctx context.Context) error {
	var docs []string
	for _, f := range []string{"definition.yaml", "composition.yaml", "legacy/composition.yaml"} {
		b, err := os.ReadFile(filepath.Join(cp.paths.repo, "example", f))
		if err != nil {
			return err
		}
		docs = append(docs, string(b))
	}
	if err := cp.apply(ctx, docs[0]); err != nil {
		return err
	}
	if err := cp.waitEstablished(ctx, "xpodidentities.platform.example.org"); err != nil {
		return err
	}
	return cp.apply(ctx, strings.Join(docs[1:], "\n---\n"))
}

var documentSeparator = regexp.MustCompile(`(?m)^---\s*$`)

// apply server-side applies every object of a YAML stream.
func (cp *controlPlane) apply(ctx context.Context, stream string) error {
	for _, doc := range documentSeparator.Split(stream, -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		u := &unstructured.Unstructured{}
		if err := yaml.Unmarshal([]byte(doc), &u.Object); err != nil {
			return err
		}
		if len(u.Object) == 0 {
			continue
		}
		ri, err := cp.resource(u)
		if err != nil {
			return err
		}
		if _, err := ri.Apply(ctx, u.GetName(), u, metav1.ApplyOptions{FieldManager: fieldManager, Force: true}); err != nil {
			return fmt.Errorf("cannot apply %s %s: %w", u.GetKind(), u.GetName(), err)
		}
	}
	return nil
}

// resource is the client of u's kind, in u's namespace if it has one.
func (cp *controlPlane) resource(u *unstructured.Unstructured) (dynamic.ResourceInterface, error) {
	gvk := u.GroupVersionKind()
	m, err := cp.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	if err != nil {
		// A kind that appeared since discovery was cached.
		cp.mapper.Reset()
		m, err = cp.mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	if err != nil {
		return nil, fmt.Errorf("no API for %s: %w", gvk, err)
	}
	if u.GetNamespace() != "" {
		return cp.client.Resource(m.Resource).Namespace(u.GetNamespace()), nil
	}
	return cp.client.Resource(m.Resource), nil
}

func (cp *controlPlane) waitEstablished(ctx context.Context, crd string) error {
	gvr := schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}
	return poll(ctx, 2*time.Minute, func() (bool, error) {
		u, err := cp.client.Resource(gvr).Get(ctx, crd, metav1.GetOptions{})
		if err != nil {
			return false, nil //nolint:nilerr // not there yet
		}
		return conditionStatus(u, "Established") == "True", nil
	})
}

// kubeconfigFor is a kubeconfig of the admin client certificate.
func kubeconfigFor(caPEM []byte, admin testpki.KeyPair) []byte {
	b64 := base64.StdEncoding.EncodeToString
	return []byte(`apiVersion: v1
kind: Config
clusters: [{name: integration, cluster: {server: "https://` + apiserverAddress + `", certificate-authority-data: ` + b64(caPEM) + `}}]
users: [{name: admin, user: {client-certificate-data: ` + b64(admin.Cert) + `, client-key-data: ` + b64(admin.Key) + `}}]
contexts: [{name: integration, context: {cluster: integration, user: admin}}]
current-context: integration
`)
}

func waitTCP(ctx context.Context, addr string) error {
	return poll(ctx, time.Minute, func() (bool, error) {
		c, err := (&net.Dialer{Timeout: time.Second}).DialContext(ctx, "tcp", addr)
		if err != nil {
			return false, nil //nolint:nilerr // not listening yet
		}
		return true, c.Close()
	})
}

func waitAPIServer(ctx context.Context, cfg *rest.Config) error {
	dc, err := discovery.NewDiscoveryClientForConfig(cfg)
	if err != nil {
		return err
	}
	return poll(ctx, 2*time.Minute, func() (bool, error) {
		b, err := dc.RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		return err == nil && bytes.Equal(b, []byte("ok")), nil
	})
}

// poll calls check every 200ms until it is true, fails, or timeout passes.
func poll(ctx context.Context, timeout time.Duration, check func() (bool, error)) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for {
		ok, err := check()
		if err != nil || ok {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.New("timed out")
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// conditionStatus is the status of the condition typ of u, or "".
func conditionStatus(u *unstructured.Unstructured, typ string) string {
	c := condition(u, typ)
	s, _ := c["status"].(string)
	return s
}

func condition(u *unstructured.Unstructured, typ string) map[string]any {
	conds, _, _ := unstructured.NestedSlice(u.Object, "status", "conditions")
	for _, c := range conds {
		m, _ := c.(map[string]any)
		if m["type"] == typ {
			return m
		}
	}
	return nil
}
