#!/usr/bin/env bash
# Issue 11: `observe -o json|compact` and `audit --server` against one replay server, wall time and peak RSS.
#
#   tests/FlowAuditor.Benchmarks/observe-vs-audit.sh [N ...]        (default: 200000 100000)
#
# Env: FA=path/to/flowauditor.dll or a native flowauditor executable (default: the Release build of this checkout),
# BASE=another flowauditor.dll or executable to compare against (runs alternate BASE/FA, so load changes hit both), REPEAT=3, CAPTURE=jsonl file,
# MANIFESTS=dir, PORT=47390, OUT=dir for the raw /usr/bin/time lines (default: a temp dir).
#
# The server is `flowauditor replay --loop` (no --rate): an unbounded loop of the capture with fresh uuids, later
# times and new client ports each pass, so `--last N` streams N distinct flows however large N is (the ring size,
# at most 65535, only bounds paced servers). The replay server runs on the same machine, so on 2 cores it competes
# for CPU with the client: compare user+sys of the client as well as wall time. Print `uptime` with the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."

FA=${FA:-src/FlowAuditor/bin/Release/net10.0/flowauditor.dll}
BASE=${BASE:-}
REPEAT=${REPEAT:-3}
CAPTURE=${CAPTURE:-deploy/examples/three-tier/capture.jsonl}
MANIFESTS=${MANIFESTS:-deploy/examples/three-tier/manifests}
PORT=${PORT:-47390}
OUT=${OUT:-$(mktemp -d)}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(200000 100000)

[ -f "$FA" ] || { echo "build first: dotnet build FlowAuditor.sln -c Release ($FA missing)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time)" >&2; exit 1; }

# A .dll runs on dotnet; anything else is a native (AOT) executable.
launch() {
  local target=$1; shift
  case $target in *.dll) dotnet "$target" "$@" ;; *) "$target" "$@" ;; esac
}

launch "$FA" replay --flows "$CAPTURE" --loop --listen "127.0.0.1:$PORT" >"$OUT/replay.log" 2>&1 &
replay=$!
trap 'kill "$replay" 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q "Replaying" "$OUT/replay.log" 2>/dev/null && break; sleep 0.2; done
grep -q "Replaying" "$OUT/replay.log" || { cat "$OUT/replay.log" >&2; exit 1; }

# One timed run: label, dll, then the flowauditor arguments. Prints "label wall_s peak_MiB user_s sys_s".
run() {
  local label=$1 dll=$2; shift 2
  /usr/bin/time -f "%e %M %U %S" -o "$OUT/time.txt" bash -c 'case $0 in *.dll) exec dotnet "$0" "$@" ;; *) exec "$0" "$@" ;; esac' "$dll" "$@" >/dev/null 2>"$OUT/stderr.txt" \
    || { echo "$label failed:" >&2; tail -3 "$OUT/stderr.txt" >&2; return 1; }
  read -r wall kb user sys <"$OUT/time.txt"
  printf '%-28s %7.2f s %7.1f MiB  user %6.2f s  sys %5.2f s\n' "$label" "$wall" "$(echo "$kb / 1024" | bc -l)" "$user" "$sys" | tee -a "$OUT/results.txt"
}

echo "load: $(uptime)"
echo "client: $FA${BASE:+ (base: $BASE)}; raw lines in $OUT"
for n in "${SIZES[@]}"; do
  for i in $(seq "$REPEAT"); do
    for variant in ${BASE:+base} new; do
      dll=$FA; [ "$variant" = base ] && dll=$BASE
      run "$variant json N=$n #$i" "$dll" observe --server "127.0.0.1:$PORT" --last "$n" -o json
      run "$variant compact N=$n #$i" "$dll" observe --server "127.0.0.1:$PORT" --last "$n" -o compact
      run "$variant audit N=$n #$i" "$dll" audit --server "127.0.0.1:$PORT" --last "$n" -o json --manifests "$MANIFESTS"
    done
  done
done
echo "load: $(uptime)"
