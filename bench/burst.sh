#!/bin/sh
# Login latency (password grants) while the email outbox sends a burst of "your account was flagged" emails,
# beside the same logins while it is idle: p50/p99, throughput, p99 ratio, emails delivered and drain time.
# Real Keycloak 26.7.3 on PostgreSQL (127.0.0.1:5432, a fresh database, dropped afterwards); the SMTP server is
# GreenMail in the benchmark's JVM. The burst's users are written by JDBC; the emails are sent as fast as the
# outbox can (emailsPerMinute at its maximum), dispatched every second (the test servers' setting).
# Usage: bench/burst.sh [emails, default 10000] [client threads, default 2] [baseline seconds, default 600]
#                       [burst timeout seconds, default 1800] [round after the burst: true|false, default true]
# The baseline phase should last at least as long as the burst: the burst is compared with the baseline's last
# seconds of the same length (the output says so when the burst lasted longer). The burst lasts as long as the
# outbox takes to send every email (seen on a busy 2-CPU machine with 2 login threads: 8-13 emails/s, 13 minutes
# for 10 000), and the round after it as long again: a run takes about 1.5 min of start-up + 20 s warm-up +
# baseline + 2 x burst.
set -eu
cd "$(dirname "$0")/.."
# Keycloak's theme and template caches stay on, as in production (the tests turn them off).
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.BurstBenchmark -Dbench.themeCache=true \
  "-Dbench.args=${1:-10000} ${2:-2} ${3:-600} ${4:-1800} ${5:-true}" -Dbench.db=postgres verify
