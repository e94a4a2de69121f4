#!/usr/bin/env bash
# The test command of the README: formatting, vet and staticcheck (this
# platform, windows and darwin), then every test with the race detector.
#
# Tools come from tools/go.mod (a `tool` directive with a go.sum), built
# with `go build -modfile=tools/go.mod` into a temporary folder: pinned,
# checked, and never in the users' module graph. Nothing installed on the
# machine is used but Go itself.
set -euo pipefail
cd "$(dirname "$0")"

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go') | grep -v '^testdata/' || true)
if [ -n "$unformatted" ]; then
  echo "gofmt: not formatted: $unformatted" >&2
  exit 1
fi
bin=$(mktemp -d "${TMPDIR:-/tmp}/micro-tools-XXXXXX")
trap 'rm -rf "$bin"' EXIT
# Built for this machine, so that it can check the other platforms' files:
# `go tool` would build it for the GOOS it is given.
go build -modfile=tools/go.mod -o "$bin/staticcheck" honnef.co/go/tools/cmd/staticcheck
go vet ./...
"$bin/staticcheck" ./...
# Platform files cannot rot unseen.
for goos in windows darwin; do
  GOOS=$goos go vet ./...
  GOOS=$goos "$bin/staticcheck" ./...
done

# Tests find Delve here (the --debug tests), the version tools/go.mod pins.
go build -modfile=tools/go.mod -o "$bin/dlv" github.com/go-delve/delve/cmd/dlv
export PATH="$bin:$PATH"

go test -race -count=1 ./...
