#!/usr/bin/env bash
# Mutation testing of the function's own packages with gremlins v0.6.0:
# every mutant of the root package, aws/, spec/, compose/, presets/ and
# input/ is applied alone and the tests of its own package run against it.
# It fails unless efficacy (killed / (killed + lived)) is above 98% and
# mutant coverage ((killed + lived) / (killed + lived + not covered)) above
# 95%. Needs only Go and git: the first run builds gremlins from the module
# proxy into .cache/bin.
#
#   hack/mutation.sh                # every package (11 to 21 minutes on two cores)
#   hack/mutation.sh ./spec         # one package, while writing its tests
#   hack/mutation.sh ./spec -S lc   # ... listing only what lived or is not covered
#
# Arguments after the package go to `gremlins unleash`; a path for -o must
# be absolute, since gremlins runs in a temporary copy.
#
# gremlins v0.6.0 is patched (hack/gremlins-v0.6.0.patch) in two places:
#   - Go's coverage gives the conditions of a switch's case clauses and
#     constant expressions no counter, so gremlins reports every mutant in
#     them "not covered" and never runs it (go-gremlins/gremlins#298): a
#     tenth of this code's mutants, many limit checks among them. Patched,
#     such a mutant runs when its switch statement is covered, and always in
#     a constant.
#   - go test exits 1 both when a test fails and when the mutant does not
#     compile (a string "+" made "-"), and gremlins counts both killed:
#     patched, a mutant that does not build is "not viable".
#
# Why it works on a copy: gremlins gathers coverage with `go test ./...` of
# the folder it is given, and for the repository's root that includes
# test/e2e and test/integration, which build the Crossplane CLI and a whole
# control plane and can kill no mutant (gremlins runs only the mutant's own
# package). So it runs in a temporary copy of the tracked and new files
# without test/. The generated deepcopy functions, main.go and the tooling
# (cmd/, bench/, hack/, internal/, presets/internal/) are not mutated.
#
# Every run of the tests gets -short (through GOFLAGS: gremlins has no flag
# for test flags, and its --test-cpu passes "-cpu N" as one argument, which
# fails every run), which skips TestSoak: it rebuilds the root package under
# the race detector, minutes per mutant.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

gremlins_version=v0.6.0
patch=hack/gremlins-$gremlins_version.patch
target=.
if [[ $# -gt 0 && $1 != -* ]]; then
  target=$1
  shift
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/function-pod-identity-mutation-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# gremlins, built once per version and patch.
gremlins=${GREMLINS:-}
if [[ -z $gremlins ]]; then
  gremlins=$repo/.cache/bin/gremlins-$gremlins_version-$(git hash-object "$patch" | cut -c1-12)
  if [[ ! -x $gremlins ]]; then
    module=$(cd "$scratch" && go mod download -json "github.com/go-gremlins/gremlins@$gremlins_version" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    cp -R "$module" "$scratch/gremlins"
    chmod -R u+w "$scratch/gremlins"
    git -C "$scratch/gremlins" init -q
    git -C "$scratch/gremlins" apply "$repo/$patch"
    mkdir -p "$(dirname "$gremlins")"
    (cd "$scratch/gremlins" && go build -o "$gremlins" ./cmd/gremlins)
  fi
fi

# The files of the working tree git knows or would add, minus test/.
mkdir "$scratch/src"
git ls-files -z --cached --others --exclude-standard -- . ':!:test/' |
  while IFS= read -r -d '' f; do if [[ -f $f ]]; then printf '%s\0' "$f"; fi; done |
  tar --null -T - -cf - | tar -xf - -C "$scratch/src"

cd "$scratch/src"
GOFLAGS="${GOFLAGS:+$GOFLAGS }-short" "$gremlins" unleash "$target" \
  --exclude-files '^(cmd|bench|hack|internal)/' \
  --exclude-files '(^|/)internal/' \
  --exclude-files '(^|/)zz_generated\.' \
  --exclude-files '^main\.go$' \
  --timeout-coefficient 10 \
  --threshold-efficacy 98 \
  --threshold-mcover 95 \
  "$@"
