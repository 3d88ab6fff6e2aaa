#!/bin/sh
# Verify before forcing on one real Keycloak 26.7.3 (H2): an `immediate` job of plaintext candidates (its time, and
# login throughput during it ÷ idle), then the `at-login` comparison (a login with a SUSPECTED flag ÷ one without).
# Usage: bench/leak.sh [candidates 10000] [% current 10] [algorithm pbkdf2-sha256] [iterations 27500] [login threads 2] [logins per side 300]
set -eu
cd "$(dirname "$0")/.."
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.LeakBenchmark \
  "-Dbench.args=${1:-10000} ${2:-10} ${3:-pbkdf2-sha256} ${4:-27500} ${5:-2} ${6:-300}" verify
