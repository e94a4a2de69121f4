#!/usr/bin/env bash
# Proxy benchmark: GET hello through micro-dev -s and straight to the child
# it runs, with wrk on loopback, one after the other in each round, and the
# ratio of the two.
#
#   bench/proxy.sh            # DURATION=5s ROUNDS=3 CONNECTIONS=20 THREADS=1
#
# It builds micro-dev, writes a hello handler package in a temporary module,
# serves it with micro-dev --cold -s, finds the child's address in the
# child's MICRO_LISTEN, and stops only the processes it started (micro-dev
# stops its child). Target: proxy >= 0.5x the child.
#
# Two references are loaded in front of the same child in each round:
# bench/leanproxy, the least a Go proxy on the standard library's parsers
# does (no http.Server, no checks: the floor for any Go proxy), and, when it
# is installed, nginx with one worker and kept upstream connections, what a
# proxy written in C does on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-20}
THREADS=${THREADS:-1}

command -v wrk >/dev/null || { echo "proxy.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

root=$(pwd)
tmp=$(mktemp -d)
dev=""
nginx=""
lean=""
cleanup() {
  local i
  if [ -n "$lean" ]; then
    kill -TERM "$lean" 2>/dev/null || true
    wait "$lean" 2>/dev/null || true
  fi
  if [ -n "$nginx" ]; then
    kill -TERM "$nginx" 2>/dev/null || true
    wait "$nginx" 2>/dev/null || true
  fi
  if [ -n "$dev" ]; then
    kill -TERM "$dev" 2>/dev/null || true
    # micro-dev drains and stops its child within 15 s; past 20 s, kill.
    for ((i = 0; i < 200; i++)); do
      kill -0 "$dev" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$dev" 2>/dev/null || true
    wait "$dev" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$tmp/micro-dev" ./cmd/micro-dev
go build -o "$tmp/leanproxy" ./bench/leanproxy
mkdir "$tmp/app"
cat >"$tmp/app/go.mod" <<MOD
module example.com/app

go 1.26.0

require github.com/seed-1b2dc2de/micro v0.0.0

replace github.com/seed-1b2dc2de/micro => $root
MOD
cp go.sum "$tmp/app/go.sum"
cat >"$tmp/app/app.go" <<'GO'
package app

import (
	"net/http"

	"github.com/seed-1b2dc2de/micro/core"
)

var Handler = core.Func(func(w http.ResponseWriter, r *http.Request) (any, error) {
	return "Welcome to Micro", nil
})
GO

(cd "$tmp/app" && exec "$tmp/micro-dev" --cold -s -H 127.0.0.1 -p 0 .) >"$tmp/dev.log" 2>&1 &
dev=$!
proxy=""
for ((i = 0; i < 1800; i++)); do # a cold build cache takes a while: up to 3 min
  proxy=${proxy:-$(sed -n 's/^ *Local: *\(http[^ ]*\).*/\1/p' "$tmp/dev.log" | sed 's/\x1b\[[0-9;]*m//g')}
  if [ -n "$proxy" ] && [ "$(curl -sf --max-time 10 "$proxy/" || true)" = "Welcome to Micro" ]; then
    break
  fi
  kill -0 "$dev" 2>/dev/null || { echo "proxy.sh: micro-dev exited:" >&2; cat "$tmp/dev.log" >&2; exit 1; }
  sleep 0.1
done
[ "$(curl -sf --max-time 10 "$proxy/" || true)" = "Welcome to Micro" ] || { echo "proxy.sh: micro-dev never served:" >&2; cat "$tmp/dev.log" >&2; exit 1; }
child_pid=$(pgrep -P "$dev" | head -1)
listen=$(tr '\0' '\n' <"/proc/$child_pid/environ" | sed -n 's/^MICRO_LISTEN=tcp:\/\///p')
child="http://$listen"
[ "$(curl -sf --max-time 10 "$child/")" = "Welcome to Micro" ] || { echo "proxy.sh: the child at $child answered wrongly" >&2; exit 1; }

# The references: leanproxy on a free port chosen by the kernel, and nginx
# on a free port, in the foreground of its own pid.
"$tmp/leanproxy" -child "$listen" 2>"$tmp/lean.log" &
lean=$!
floor=""
for ((i = 0; i < 100; i++)); do
  floor=$(sed -n 's/^listening on //p' "$tmp/lean.log")
  [ -n "$floor" ] && break
  sleep 0.1
done
[ "$(curl -sf --max-time 10 "$floor/" || true)" = "Welcome to Micro" ] || { echo "proxy.sh: leanproxy never served:" >&2; cat "$tmp/lean.log" >&2; exit 1; }
ref=""
if command -v nginx >/dev/null; then
  port=18080 # the first port from here that nothing answers on
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  mkdir "$tmp/nginx"
  cat >"$tmp/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx; proxy_temp_path $tmp/nginx;
  fastcgi_temp_path $tmp/nginx; uwsgi_temp_path $tmp/nginx; scgi_temp_path $tmp/nginx;
  upstream child { server $listen; keepalive 64; }
  server {
    listen 127.0.0.1:$port;
    location / { proxy_pass http://child; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
  nginx -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/error.log" &
  nginx=$!
  ref="http://127.0.0.1:$port"
  for ((i = 0; i < 50; i++)); do
    [ "$(curl -sf --max-time 10 "$ref/" || true)" = "Welcome to Micro" ] && break
    sleep 0.1
  done
  [ "$(curl -sf --max-time 10 "$ref/" || true)" = "Welcome to Micro" ] || { echo "proxy.sh: nginx never served:" >&2; cat "$tmp/nginx/error.log" >&2; exit 1; }
fi

# rps URL: one wrk run, its requests per second; fails on errors. The
# request count is left in $tmp/requests.
rps() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$1")
  if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
    echo "proxy.sh: errors under load on $1:" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/ requests in / {print $1}' <<<"$out" >"$tmp/requests"
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

# ticks PID: the CPU time the process has used, in clock ticks. Unlike
# throughput, CPU time per request hardly depends on what else the machine
# runs.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, child then proxy, $ROUNDS rounds, medians; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
DURATION=1s rps "$child" >/dev/null # warm up both
DURATION=1s rps "$proxy" >/dev/null
c=() p=() q=() lp=() ng=()
hz=$(getconf CLK_TCK)
for ((i = 1; i <= ROUNDS; i++)); do
  c0=$(ticks "$child_pid")
  c+=("$(rps "$child")")
  cus=$(awk -v t="$(($(ticks "$child_pid") - c0))" -v n="$(cat "$tmp/requests")" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz / n * 1e6}')
  d0=$(ticks "$dev") c0=$(ticks "$child_pid")
  p+=("$(rps "$proxy")")
  n=$(cat "$tmp/requests")
  dus=$(awk -v t="$(($(ticks "$dev") - d0))" -v n="$n" -v hz="$hz" 'BEGIN {printf "%.1f", t / hz / n * 1e6}')
  q+=("$(awk -v c="${c[-1]}" -v p="${p[-1]}" 'BEGIN {print p / c}')")
  printf '  round %d: child %6.0f req/s (%s µs CPU/req)   micro-dev -s %6.0f req/s (proxy %s µs CPU/req)   ratio %.3f' \
    "$i" "${c[-1]}" "$cus" "${p[-1]}" "$dus" "${q[-1]}"
  lp+=("$(awk -v c="${c[-1]}" -v r="$(rps "$floor")" 'BEGIN {print r / c}')")
  printf "   leanproxy %.3f" "${lp[-1]}"
  if [ -n "$ref" ]; then
    ng+=("$(awk -v c="${c[-1]}" -v r="$(rps "$ref")" 'BEGIN {print r / c}')")
    printf "   nginx %.3f" "${ng[-1]}"
  fi
  echo
done
cm=$(printf '%s\n' "${c[@]}" | median)
pm=$(printf '%s\n' "${p[@]}" | median)
qm=$(printf '%s\n' "${q[@]}" | median)
awk -v c="$cm" -v p="$pm" -v r="$qm" 'BEGIN {
  printf "child %8.0f req/s   micro-dev -s %8.0f req/s   ratio %.3f (median of rounds; target >= 0.5) %s\n",
    c, p, r, (r >= 0.5) ? "ok" : "BELOW TARGET"
}'
printf 'leanproxy, the floor of a Go proxy, in front of the same child: ratio %.3f (median of rounds)\n' "$(printf "%s\n" "${lp[@]}" | median)"
if [ -n "$ref" ]; then
  printf 'nginx, one worker, in front of the same child: ratio %.3f (median of rounds; for reference)\n' "$(printf "%s\n" "${ng[@]}" | median)"
fi
