#!/bin/bash
# Builds the KafkaWire message decoders with libFuzzer + AddressSanitizer and runs them.
# Usage: tools/fuzz/run.sh [SECONDS]   (default 300; from the package root). Output in .build/fuzz/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-300}
work=$root/.build/fuzz
mkdir -p "$work/corpus" "$work/artifacts"
sources=$(find "$root/Sources/KafkaWire/Primitives" "$root/Sources/KafkaWire/Protocol" "$root/Sources/KafkaWire/Messages" \
    -name '*.swift')
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name KafkaWireFuzz $sources "$root/tools/fuzz/FuzzEntry.swift" \
    -o "$work/kafka-wire-fuzz"
python3 "$root/tools/fuzz/make_corpus.py" "$work/corpus"
# Inputs up to 4 KiB; any single allocation above 64 MiB would mean a declared size was trusted.
"$work/kafka-wire-fuzz" "$work/corpus" -max_total_time="$seconds" -max_len=4096 -malloc_limit_mb=64 -rss_limit_mb=2048 \
    -artifact_prefix="$work/artifacts/" -print_final_stats=1
