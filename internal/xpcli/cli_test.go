package xpcli

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeCLI writes a script at dir/name that answers `<command> --help` with
// exit code 0 for the command given, and like kong's usage error, 80,
// otherwise.
func fakeCLI(t *testing.T, dir, name, command string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	script := "#!/bin/sh\n[ \"$1 $2 $3\" = \"" + command + " --help\" ] && exit 0\necho \"crossplane: error: unexpected argument $1\" >&2\nexit 80\n"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestGivenCLI(t *testing.T) {
	dir := t.TempDir()
	current := fakeCLI(t, dir, "current", "resource validate")
	crank := fakeCLI(t, dir, "crank", "beta validate")
	other := fakeCLI(t, dir, "other", "no such")
	onPath := func(cli string) string {
		d := t.TempDir()
		if err := os.Symlink(cli, filepath.Join(d, "crossplane")); err != nil {
			t.Fatal(err)
		}
		return d
	}
	currentDir, crankDir := onPath(current), onPath(crank)

	cases := map[string]struct {
		reason  string
		path    string            // the flag
		engine  string            // the flag
		env     map[string]string // the environment, PATH included
		want    *CLI
		wantErr bool
	}{
		"CurrentByFlag": {
			reason: "A CLI given by flag that has `resource validate` is crossplane/cli.",
			path:   current, engine: "/engine",
			env:  map[string]string{"PATH": ""},
			want: &CLI{Path: current, Current: true, Engine: "/engine"},
		},
		"CrankByEnvironment": {
			reason: "A CLI given by $CROSSPLANE_CLI that has `beta validate` is crank; given, it counts.",
			env:    map[string]string{CLIEnv: crank, "PATH": ""},
			want:   &CLI{Path: crank},
		},
		"FlagBeforeEnvironment": {
			reason: "The flag wins over the environment, and the engine comes from the environment.",
			path:   current,
			env:    map[string]string{CLIEnv: crank, EngineEnv: "/engine", "PATH": ""},
			want:   &CLI{Path: current, Current: true, Engine: "/engine"},
		},
		"CurrentOnPath": {
			reason: "crossplane/cli on PATH is given.",
			env:    map[string]string{"PATH": currentDir},
			want:   &CLI{Path: filepath.Join(currentDir, "crossplane"), Current: true},
		},
		"CrankOnPath": {
			reason: "crank on PATH is not given: the tests build the crank they are pinned to.",
			env:    map[string]string{"PATH": crankDir},
		},
		"NothingOnPath": {
			reason: "Without a flag, an environment variable or crossplane on PATH, no CLI is given.",
			env:    map[string]string{"PATH": ""},
		},
		"NotACLI": {
			reason:  "A binary given that is neither CLI is an error, not a silent fallback.",
			path:    other,
			env:     map[string]string{"PATH": ""},
			wantErr: true,
		},
		"EngineForCrank": {
			reason:  "crank renders in its own process; an engine given for it is a mistake.",
			path:    crank,
			engine:  "/engine",
			env:     map[string]string{"PATH": ""},
			wantErr: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv(CLIEnv, "")
			t.Setenv(EngineEnv, "")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			got, err := GivenCLI(context.Background(), tc.path, tc.engine)
			if (err != nil) != tc.wantErr {
				t.Fatalf("%s\nGivenCLI() error = %v, want error: %t", tc.reason, err, tc.wantErr)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nGivenCLI(), -want, +got:\n%s", tc.reason, diff)
			}
		})
	}
}
