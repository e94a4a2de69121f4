#!/bin/sh
# Reload benchmark: builds micro-dev and reloadbench, installs air
# through the Go module proxy (unless AIR names a binary) and measures both
# on testdata/devapp in one run. Extra arguments go to reloadbench, e.g.
#
#   bench/reload.sh -n 50 -load 4 -micro-dev-pkgs .,./main -air-delays default,100
#
# Binaries go to $RELOADBENCH_BIN (default $TMPDIR/reloadbench-bin), never
# into the tree.
set -eu
cd "$(dirname "$0")/.."
bin=${RELOADBENCH_BIN:-${TMPDIR:-/tmp}/reloadbench-bin}
mkdir -p "$bin"
go build -o "$bin/micro-dev" ./cmd/micro-dev
go build -o "$bin/reloadbench" ./bench/reloadbench
air=${AIR:-}
if [ -z "$air" ]; then
	if [ -x "$bin/air" ] || GOBIN="$bin" go install github.com/air-verse/air@latest; then
		air="$bin/air"
	else
		echo "reload.sh: air did not install: measuring micro-dev alone" >&2
	fi
fi
exec "$bin/reloadbench" -repo . -micro-dev "$bin/micro-dev" ${air:+-air "$air"} "$@"
