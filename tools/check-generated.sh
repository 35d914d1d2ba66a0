#!/bin/bash
# Fails if the committed generated code differs from what tools/generate-kafka-messages.py produces now
# (e.g. after editing a spec in tools/kafka-messages/ or the generator without regenerating).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
python3 tools/generate-kafka-messages.py >/dev/null
git diff --exit-code --stat -- Sources/KafkaWire/Messages/Generated Tests/KafkaWireTests/Generated
echo "generated code is up to date"
