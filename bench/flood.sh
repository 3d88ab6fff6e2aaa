#!/bin/sh
# Login-signal flood: failed logins from random addresses against one real Keycloak 26.7.3, alternately into a realm
# with login signals on and one with them off, while ordinary logins are timed; Keycloak's heap after full GCs and the
# queue are reported. The server runs with the default flush and detection intervals (fast=true: the tests' 1 s).
# Usage: bench/flood.sh [events per mode] [flood client threads] [idle probe seconds] [rounds] [h2|postgres] [fast]
set -eu
cd "$(dirname "$0")/.."
events=${1:-100000}; threads=${2:-3}; idle=${3:-30}; rounds=${4:-2}; db=${5:-h2}; fast=${6:-false}
exec mvn -q -Pbench-flood -DskipTests -Dbench.events="$events" -Dbench.threads="$threads" -Dbench.idleSeconds="$idle" -Dbench.rounds="$rounds" \
  -Dbench.db="$db" -Dbench.fastIntervals="$fast" verify
