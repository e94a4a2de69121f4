#!/usr/bin/env bash
# micro-start.sh measures how long `micro ./testdata/hello` takes, on a warm
# build cache, from its start to its first 200 response, next to the
# baseline: `go build` of the very program micro generates for it
# (bench/startbase, kept identical by a test in runner) plus its start to
# its first 200: the same steps without micro. micro's promise: within the
# baseline + 100 ms. A plain net/http main (testdata/mainpkg) is shown too.
#
# Usage: bench/micro-start.sh [runs]      (from anywhere; default 15 runs)
# Needs: go, curl. Uses loopback port $BENCH_PORT (default 38471).
set -euo pipefail

runs=${1:-15}
port=${BENCH_PORT:-38471}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"

go build -o "$tmp/micro" ./cmd/micro

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait_200 polls the server until it answers 200 (or gives up after 60 s).
wait_200() {
	local deadline=$(( $(now_ms) + 60000 ))
	until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do
		if (( $(now_ms) > deadline )); then echo "no 200 within 60s" >&2; return 1; fi
		sleep 0.002
	done
}

# stop ends a server started in the background and waits for it.
stop() {
	kill -TERM "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# gobuild PKG: go build then start, as a user without micro would.
gobuild() {
	local t0; t0=$(now_ms)
	go build -o "$tmp/$(basename "$1")" "$1"
	PORT=$port "$tmp/$(basename "$1")" 2>/dev/null &
	local pid=$!
	wait_200
	echo $(( $(now_ms) - t0 ))
	stop "$pid"
}

micro() {
	local t0; t0=$(now_ms)
	"$tmp/micro" -l "tcp://127.0.0.1:$port" ./testdata/hello 2>/dev/null &
	local pid=$!
	wait_200
	echo $(( $(now_ms) - t0 ))
	stop "$pid"
}

# stats prints min and median of the numbers on stdin.
stats() {
	sort -n | awk '{ v[NR] = $1 } END { printf "min %4d ms   median %4d ms   (%d runs)\n", v[1], v[int((NR + 1) / 2)], NR }'
}

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Warm the build cache for all, then interleave the runs so that load on
# the machine affects all alike.
gobuild ./bench/startbase >/dev/null
gobuild ./testdata/mainpkg >/dev/null
micro >/dev/null
: >"$tmp/startbase.txt"
: >"$tmp/mainpkg.txt"
: >"$tmp/micro.txt"
for _ in $(seq "$runs"); do
	gobuild ./bench/startbase >>"$tmp/startbase.txt"
	micro >>"$tmp/micro.txt"
	gobuild ./testdata/mainpkg >>"$tmp/mainpkg.txt"
done
printf 'go build + start, same program (bench/startbase): '
stats <"$tmp/startbase.txt"
printf 'micro ./testdata/hello:                           '
stats <"$tmp/micro.txt"
printf 'go build + start, plain main (testdata/mainpkg):  '
stats <"$tmp/mainpkg.txt"
echo "micro - same program (medians): $(( $(median "$tmp/micro.txt") - $(median "$tmp/startbase.txt") )) ms (budget: 100 ms)"
