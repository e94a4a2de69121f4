#!/usr/bin/env bash
# Load benchmark: the hello fixture and a 1 KB JSON echo, each served
# through core.Serve and through a plain net/http server, loaded with wrk on
# loopback side by side (both at once, the same time window), and compared.
#
#   bench/load.sh            # DURATION=5s ROUNDS=3 CONNECTIONS=64 THREADS=1
#
# It builds bench/loadserver, starts the four servers on 127.0.0.1 (free
# ports chosen by the kernel), and stops only the processes it started.
# Targets: core >= 0.98x plain on hello and on the JSON echo. Each round
# also gives each server's CPU time per request, read from /proc: unlike
# throughput, it hardly depends on what else the machine runs, so its
# ratio (plain's over core's) is the steadier of the two.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}

command -v wrk >/dev/null || { echo "load.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

tmp=$(mktemp -d)
pids=()  # the servers
loads=() # the wrk runs in progress
cleanup() {
  local pid i
  for pid in "${loads[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    # A server drains for at most 10 s; past 15 s it is killed.
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

go build -o "$tmp/loadserver" ./bench/loadserver

# start SERVER APP: runs a loadserver and sets url once it accepts
# connections. Not in a subshell: pids must reach cleanup.
start() {
  local log="$tmp/$1-$2.log"
  "$tmp/loadserver" -server "$1" -app "$2" -addr 127.0.0.1:0 2>"$log" &
  local pid=$! i
  pids+=("$pid")
  spid=$pid
  for ((i = 0; i < 300; i++)); do # up to 30 s
    url=$(sed -n 's/^micro: Accepting connections on //p' "$log")
    if [ -n "$url" ]; then
      return
    fi
    kill -0 "$pid" 2>/dev/null || { echo "load.sh: $1/$2 exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "load.sh: $1/$2 did not start" >&2
  exit 1
}

cat >"$tmp/echo.lua" <<'LUA'
-- POST the same 1 KB JSON object on every request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local items = {}
for i = 1, 15 do
  items[#items + 1] = string.format('{"id":%d,"name":"item %s","ok":%s,"score":%.1f}',
    i, string.rep("x", 20), (i % 2 == 0) and "true" or "false", i * 1.5)
end
wrk.body = '{"user":"ada","items":[' .. table.concat(items, ",") .. ']}'
LUA

# rps URL [SCRIPT [COUNT]]: one wrk run, its requests per second; fails on
# errors. The number of requests goes to the file COUNT.
rps() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" ${2:+-s "$2"} "$1")
  if grep -q -e 'Non-2xx' -e 'Socket errors' <<<"$out"; then
    echo "load.sh: errors under load on $1:" >&2
    echo "$out" >&2
    exit 1
  fi
  awk '/ requests in / {print $1}' <<<"$out" >"${3:-/dev/null}"
  awk '/^Requests\/sec:/ {print $2}' <<<"$out"
}

# ticks PID: the CPU time the process has used, in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# usreq TICKS REQUESTS: CPU microseconds per request.
usreq() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz / n * 1e6}'; }

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

# compare NAME TARGET [SCRIPT]: plain and core side by side, ROUNDS times;
# the ratio is the median of the rounds' core/plain ratios.
compare() {
  local name=$1 target=$2 script=${3:-} plain core ppid cpid i r p=() c=() q=() e=() pt ct
  start plain "$name"
  plain=$url ppid=$spid
  start core "$name"
  core=$url cpid=$spid
  if [ -n "$script" ]; then
    local body
    body=$(curl -sf --max-time 10 -X POST -H 'Content-Type: application/json' --data-binary '{"a":[1,2]}' "$core/")
    [ "$body" = '{"a":[1,2]}' ] || { echo "load.sh: core echo answered $body" >&2; exit 1; }
  else
    [ "$(curl -sf --max-time 10 "$core/")" = "Welcome to Micro" ] || { echo "load.sh: core hello answered wrongly" >&2; exit 1; }
  fi
  r=$(DURATION=1s rps "$plain" "$script") # warm up both
  r=$(DURATION=1s rps "$core" "$script")
  : "$r"
  for ((i = 1; i <= ROUNDS; i++)); do
    # Both at once, each with its own wrk: whatever else the machine does
    # then slows both alike, and the ratio compares what each server does
    # with the same share of it.
    pt=$(ticks "$ppid") ct=$(ticks "$cpid")
    rps "$plain" "$script" "$tmp/plain.n" >"$tmp/plain.rps" &
    loads=($!)
    rps "$core" "$script" "$tmp/core.n" >"$tmp/core.rps" &
    loads+=($!)
    wait "${loads[0]}" || exit 1
    wait "${loads[1]}" || exit 1
    loads=() # reaped: their pids are no longer ours to signal
    pt=$(usreq "$(($(ticks "$ppid") - pt))" "$(cat "$tmp/plain.n")")
    ct=$(usreq "$(($(ticks "$cpid") - ct))" "$(cat "$tmp/core.n")")
    p+=("$(cat "$tmp/plain.rps")")
    c+=("$(cat "$tmp/core.rps")")
    q+=("$(awk -v p="${p[-1]}" -v c="${c[-1]}" 'BEGIN {print c / p}')")
    e+=("$(awk -v p="$pt" -v c="$ct" 'BEGIN {print p / c}')")
    printf '  %-5s round %d: net/http %6.0f req/s %5s µs CPU/req   core %6.0f req/s %5s µs CPU/req   ratio %.3f, by CPU %.3f\n' \
      "$name" "$i" "${p[-1]}" "$pt" "${c[-1]}" "$ct" "${q[-1]}" "${e[-1]}"
  done
  local pm cm qm em
  pm=$(printf '%s\n' "${p[@]}" | median)
  cm=$(printf '%s\n' "${c[@]}" | median)
  qm=$(printf '%s\n' "${q[@]}" | median)
  em=$(printf '%s\n' "${e[@]}" | median)
  awk -v n="$name" -v p="$pm" -v c="$cm" -v r="$qm" -v e="$em" -v t="$target" 'BEGIN {
    printf "%-5s net/http %6.0f req/s   core %6.0f req/s   ratio %.3f, by CPU per request %.3f (medians; target >= %s) %s\n",
      n, p, c, r, e, t, (e >= t) ? "ok" : "BELOW TARGET"
  }' | tee -a "$tmp/summary"
}

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION per server, both at once, $ROUNDS rounds, medians; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
compare hello 0.98
compare echo 0.98 "$tmp/echo.lua"
echo
cat "$tmp/summary"
