#!/usr/bin/env bash
# Writes the database a released version leaves behind, for the upgrade test (UpgradeIT):
#   bench/upgrade-fixture.sh 1.0.0
# builds the jar of tag v<version> in a temporary worktree, runs Keycloak with it on a fresh PostgreSQL database
# (127.0.0.1:5432), writes batches, flags in every state, waiting emails, a transmitter and its receipt and
# login-signal counters through the real APIs (it/UpgradeFixture), and dumps that database to
# src/test/resources/upgrade/<version>.sql.gz. Commit the file; it is never rewritten for a released version.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: bench/upgrade-fixture.sh <released version, e.g. 1.0.0>}
out="$(pwd)/src/test/resources/upgrade/$version.sql.gz"
work=$(mktemp -d)
trap 'git worktree remove --force "$work/src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# the commit of each release, should its tag be missing from this clone
declare -A released=([1.0.0]=9aedb2dd49a558d488dbd50238490ab816b237ed)
ref="v$version"
git rev-parse -q --verify "$ref^{commit}" >/dev/null || ref=${released[$version]:?no tag v$version and no known commit for it}

echo "[1/3] building the jar of $version ($ref)"
git worktree add --detach "$work/src" "$ref" >/dev/null
(cd "$work/src" && mvn -B -q -DskipTests package)
jar=$(ls "$work"/src/target/keycloak-compromised-credentials-"$version".jar)

echo "[2/3] writing its data through the real APIs (Keycloak starts once, ~1-2 min)"
mvn -B -q verify -Dit.h2.skip=true -Dit.mariadb.skip=true -Dit.test=UpgradeFixture -Dtest=NoSuchTest \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dupgrade.fixture.jar="$jar" -Dupgrade.fixture.out="$out"

echo "[3/3] wrote $out ($(stat -c %s "$out") bytes)"
