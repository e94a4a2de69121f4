#!/usr/bin/env bash
# micro-start.sh measures how long `micro` takes, on a warm build cache, from
# its start to the first 200 response of a handler package, next to the
# baseline the issue sets: `go build` of a plain main package plus its start
# to its first 200 (the same steps without micro). micro's promise: its time
# is within the baseline + 100 ms.
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

baseline() {
	local t0; t0=$(now_ms)
	go build -o "$tmp/mainpkg" ./testdata/mainpkg
	PORT=$port "$tmp/mainpkg" 2>/dev/null &
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

# Warm the build cache for both, then alternate the runs so that load on
# the machine affects both alike.
baseline >/dev/null
micro >/dev/null
: >"$tmp/baseline.txt"
: >"$tmp/micro.txt"
for _ in $(seq "$runs"); do
	baseline >>"$tmp/baseline.txt"
	micro >>"$tmp/micro.txt"
done
printf 'go build + start (testdata/mainpkg): '
stats <"$tmp/baseline.txt"
printf 'micro ./testdata/hello:              '
stats <"$tmp/micro.txt"
b=$(sort -n "$tmp/baseline.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
m=$(sort -n "$tmp/micro.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "micro - baseline (medians): $(( m - b )) ms (budget: 100 ms)"
