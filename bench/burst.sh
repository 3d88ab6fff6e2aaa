#!/bin/sh
# Login latency while the outbox sends a burst of flagged emails, beside the same logins without it.
# Usage: bench/burst.sh [seconds per phase] [client threads] [burst size, default 10000]
set -eu
cd "$(dirname "$0")/.."
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.BurstBenchmark \
  "-Dbench.args=${1:-20} ${2:-4} ${3:-10000}" verify
