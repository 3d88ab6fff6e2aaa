#!/bin/sh
# The 100 000-subject batch in a realm whose users mostly come from a real OpenLDAP (slapd on loopback, WRITABLE
# federation), on the real Keycloak 26.7.3 with PostgreSQL (127.0.0.1:5432, a fresh database, dropped afterwards);
# then a batch of directory users never imported, and the admin's scripted loop as the baseline.
# Needs slapd (Debian: apt-get install slapd ldap-utils).
# Usage: bench/batch-federated.sh [subjects 100000] [% from the directory 80] [not imported 1000] [baseline warm-up 1000] [baseline sample 2000]
set -eu
cd "$(dirname "$0")/.."
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.FederatedBatchBenchmark \
  "-Dbench.args=${1:-100000} ${2:-80} ${3:-1000} ${4:-1000} ${5:-2000}" -Dbench.db=postgres verify
