#!/bin/sh
# The email outbox's drain rate for a burst of "your account was flagged" emails, and login latency (password grants)
# while it sends beside the same logins while it is idle, in one run for three modes side by side: the one-connection
# mode (senders=1, emails-per-connection=1: the outbox as it was), the default (4 senders, kept SMTP connections), and
# a two-node cluster in the default mode (each email must arrive exactly once). Each mode first warms its sending path
# up with a burst of a fifth as many emails and times one of half as many with no logins (its rate with the machine to
# itself). Printed at the end in one table:
# emails/s (goal >= 140), logins/s and p50/p99 idle vs burst, p99 burst ÷ idle (goal <= 1.10) and throughput burst ÷
# idle (goal >= 0.95). Real Keycloak 26.7.3 on PostgreSQL (127.0.0.1:5432; each mode on a fresh database, dropped
# afterwards); the SMTP server is GreenMail on loopback in the benchmark's JVM. The burst's users are written by JDBC;
# the emails are sent as fast as the outbox can (emailsPerMinute at its maximum), dispatched every second (the test
# servers' setting; the default is 10 s).
# Usage: bench/burst.sh [emails of the default and cluster modes, default 10000]
#                       [emails of the one-connection mode, default 2000] [client threads, default 2]
#                       [baseline seconds, default 240] [timeout seconds for each burst, default 1800]
#                       [round after each burst: true|false, default false]
#                       [modes: all (default), or some of one-connection,default,2-node-cluster, comma-separated]
#                       [login load: saturating (default: the client threads as fast as they go) or a fraction such as
#                        0.5: logins paced at that share of the warm-up's rate, each timed from when it was due]
# The nodes inherit JAVA_OPTS_APPEND: with -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 the email
# threads run at the OS's lowest priority (docs/server-options.md); each mode prints its threads' nice values.
# Each burst is compared with the last seconds of its mode's baseline phase of the same length, so the baseline should
# outlast the longest burst: the one-connection mode's (about 14 emails/s at best, 2000 in 2.5-4 minutes on a busy
# 2-CPU machine); the output says when a burst lasted longer. A run takes about 1.5 min of start-up per node (4 nodes)
# + for each mode its sending warm-up and burst with no logins, 20 s warm-up + baseline + burst (+ as long again with the round after): about 30 minutes with the
# defaults if the default and cluster modes reach their goal of 140 emails/s, longer if they do not.
set -eu
cd "$(dirname "$0")/.."
# Keycloak's theme and template caches stay on, as in production (the tests turn them off).
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.BurstBenchmark -Dbench.themeCache=true \
  "-Dbench.args=${1:-10000} ${2:-2000} ${3:-2} ${4:-240} ${5:-1800} ${6:-false} ${7:-all} ${8:-saturating}" -Dbench.db=postgres verify
