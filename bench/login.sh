#!/bin/sh
# Login throughput with the extension's checks on vs off, side by side on one real Keycloak 26.7.3.
# Usage: bench/login.sh [rounds] [seconds per round] [client threads] [breach check at login: true|false]
# With the breach check on, the server uses a generated offline corpus (no network needed).
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-6}; seconds=${2:-20}; threads=${3:-4}; breach=${4:-false}
extra=""
if [ "$breach" = true ]; then
  mkdir -p target/bench-login-corpus
  # a small generated corpus: the lookup cost does not depend on its size (see the corpus benchmark)
  printf '%s\n' "$(printf 'password' | sha1sum | cut -c1-40 | tr a-f A-F):100" > target/bench-login-corpus/pwned.txt
  mvn -q -DskipTests package
  java -cp target/keycloak-compromised-credentials-*.jar com.compromisedcredentials.breach.CorpusIndexBuilder \
    target/bench-login-corpus/pwned.txt target/bench-login-corpus/pwned.idx > /dev/null
  extra="--spi-compromised-credentials-breach--default--source=offline-corpus --spi-compromised-credentials-breach--default--corpus-path=$(pwd)/target/bench-login-corpus/pwned.idx"
fi
exec mvn -q -Pbench-server -DskipTests -Dbench.class=com.compromisedcredentials.bench.LoginBenchmark \
  "-Dbench.args=$rounds $seconds $threads $breach" "-Dbench.extraArgs=$extra" verify
