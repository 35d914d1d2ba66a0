#!/bin/bash
# Measures the message codec with -O: tools/bench/run.sh (from the package root). Output on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$root/.build/message-bench
mkdir -p "$work"
sources=$(find "$root/Sources/KafkaWire/Primitives" "$root/Sources/KafkaWire/Protocol" "$root/Sources/KafkaWire/Messages" \
    -name '*.swift')
swiftc -O -wmo -parse-as-library -module-name MessageCodecBench $sources "$root/tools/bench/MessageCodecBench.swift" \
    -o "$work/message-codec-bench"
"$work/message-codec-bench" "$root/Tests/KafkaWireTests/Fixtures/messages"
