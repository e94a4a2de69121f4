#!/bin/sh
# Speed benchmark: save → served of micro-dev (default unoptimised build,
# --optimize, with -b 'go generate ./...', a main package with arguments,
# a handler package) against a warm `go build -ldflags=-s -w`, on
# testdata/bigapp, interleaved. Extra arguments go to speedbench, e.g.
#
#   bench/speed.sh -n 11
#
# Binaries go to $RELOADBENCH_BIN (default $TMPDIR/reloadbench-bin).
set -eu
cd "$(dirname "$0")/.."
bin=${RELOADBENCH_BIN:-${TMPDIR:-/tmp}/reloadbench-bin}
mkdir -p "$bin"
go build -o "$bin/micro-dev" ./cmd/micro-dev
go build -o "$bin/speedbench" ./bench/speedbench
exec "$bin/speedbench" -repo . -micro-dev "$bin/micro-dev" "$@"
