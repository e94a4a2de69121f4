#!/usr/bin/env bash
# The test command of the README: formatting, vet (this platform, windows
# and darwin), staticcheck, then every test with the race detector.
#
# Tools come from tools/go.mod (a `tool` directive with a go.sum), run with
# `go tool -modfile=tools/go.mod`: pinned, checked, and never in the users'
# module graph. Nothing installed on the machine is used but Go itself.
set -euo pipefail
cd "$(dirname "$0")"
tools=(go tool -modfile=tools/go.mod)

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go') | grep -v '^testdata/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt: not formatted: $unformatted" >&2
  exit 1
fi
go vet ./...
# Platform files cannot rot unseen.
GOOS=windows go vet ./...
GOOS=darwin go vet ./...
"${tools[@]}" staticcheck ./...

# Tests find Delve here (the --debug tests), the version tools/go.mod pins.
bin=$(mktemp -d "${TMPDIR:-/tmp}/micro-tools-XXXXXX")
trap 'rm -rf "$bin"' EXIT
go build -modfile=tools/go.mod -o "$bin/dlv" github.com/go-delve/delve/cmd/dlv
export PATH="$bin:$PATH"

go test -race -count=1 ./...
