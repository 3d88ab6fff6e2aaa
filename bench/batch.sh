#!/bin/sh
# A 100 000-subject batch through the extension vs the admin's scripted loop against Keycloak's user API,
# on the real Keycloak 26.7.3 with PostgreSQL (127.0.0.1:5432, a fresh database, dropped afterwards).
# Usage: bench/batch.sh [users, default 100000] [baseline sample per baseline, default 2000] [baseline warm-up calls, default 5000]
set -eu
cd "$(dirname "$0")/.."
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.BatchBenchmark \
  "-Dbench.args=${1:-100000} ${2:-2000} ${3:-5000}" -Dbench.db=postgres verify
