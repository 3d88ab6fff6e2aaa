#!/bin/sh
# Offline breach corpus benchmark: build throughput, bytes a hash, heap, lookup latency.
# Usage: bench/breach.sh [sizes, comma-separated; default 1000000,100000000]
# Needs about 90 bytes a hash of free disk under target/bench while it runs (9 GB for 1e8).
set -eu
cd "$(dirname "$0")/.."
exec mvn -q -Pbenchmark -DskipTests -Dbench.sizes="${1:-1000000,100000000}" test
