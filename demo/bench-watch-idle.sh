#!/usr/bin/env bash
# `groupscope watch` idle cost: serves a small cluster (one topic of 3 partitions, one group of 3 members) with
# `groupscope serve`, runs `watch` on it in a detached tmux session (120×40), lets it settle, then reads the watch
# process's utime+stime from /proc/PID/stat over SECONDS and prints the share of one core it used. The issue's goal:
# ≤ 2 % of a core. Not a test: a measurement.
# Usage: demo/bench-watch-idle.sh [SECONDS] [INTERVAL]   (run from the package root; defaults 30 and 2s)
set -euo pipefail

SECONDS_MEASURED=${1:-30}
INTERVAL=${2:-2s}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
SOCKET="gs-idle-$$"
SERVE_PID=""
cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    if [ -n "$SERVE_PID" ]; then kill "$SERVE_PID" 2>/dev/null || true; wait "$SERVE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v tmux >/dev/null || { echo "bench-watch-idle: tmux is not installed" >&2; exit 2; }
if [ -z "${GROUPSCOPE:-}" ]; then  # GROUPSCOPE=path/to/groupscope skips the build
    echo "building groupscope (release)…" >&2
    swift build -c release --product groupscope --package-path "$ROOT" >&2
    GROUPSCOPE=$(swift build -c release --package-path "$ROOT" --show-bin-path)/groupscope
fi

cat > "$WORK/small.yaml" <<'YAML'
name: watch-idle
seed: 7
duration: 1h
topics:
  - { name: orders, partitions: 3 }
producers:
  - { topic: orders, rate: 300 }
groups:
  - { id: billing, topics: [orders], members: 3, processing-rate: 400 }
YAML

"$GROUPSCOPE" serve --listen 127.0.0.1:0 --scenario "$WORK/small.yaml" --format json > "$WORK/serve.out" 2>/dev/null &
SERVE_PID=$!
for _ in $(seq 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.1; done
ADDRESS=$(head -1 "$WORK/serve.out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["address"])')

tmux -L "$SOCKET" -f /dev/null new-session -d -s idle -x 120 -y 40 -e LC_ALL=C.UTF-8 \
    "exec '$GROUPSCOPE' watch --bootstrap-server $ADDRESS --interval $INTERVAL"
WATCH_PID=$(tmux -L "$SOCKET" list-panes -t idle -F '#{pane_pid}')
sleep 5  # connect, first refreshes, group settled
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)
T0=$(cpu_ticks "$WATCH_PID")
S0=$(cpu_ticks "$SERVE_PID")
sleep "$SECONDS_MEASURED"
T1=$(cpu_ticks "$WATCH_PID")
S1=$(cpu_ticks "$SERVE_PID")
tmux -L "$SOCKET" capture-pane -p -t idle | head -3
python3 - "$T0" "$T1" "$S0" "$S1" "$TICKS" "$SECONDS_MEASURED" "$INTERVAL" <<'PY'
import sys
t0, t1, s0, s1, ticks, seconds = map(float, sys.argv[1:7])
print(f"watch --interval {sys.argv[7]}: {(t1 - t0) / ticks:.2f} s CPU in {seconds:.0f} s = "
      f"{100 * (t1 - t0) / ticks / seconds:.2f} % of a core "
      f"(the served cluster: {100 * (s1 - s0) / ticks / seconds:.1f} %)")
PY
