#!/usr/bin/env bash
# Starts a demo Keycloak 26.7.3 with this extension: embedded H2 database, a local mail catcher (MailDev)
# and a demo realm with users. Prints the URLs and credentials when ready. Ctrl-C stops everything.
#
# Needs: Java 17+, Maven, Node.js 20+ with npm (for the mail catcher). Ports (override with env vars):
#   DEMO_HTTP_PORT=8080  DEMO_MANAGEMENT_PORT=9000  DEMO_SMTP_PORT=1025  DEMO_MAIL_UI_PORT=1080
set -euo pipefail

cd "$(dirname "$0")"
HTTP_PORT=${DEMO_HTTP_PORT:-8080}
MANAGEMENT_PORT=${DEMO_MANAGEMENT_PORT:-9000}
SMTP_PORT=${DEMO_SMTP_PORT:-1025}
MAIL_UI_PORT=${DEMO_MAIL_UI_PORT:-1080}
KEYCLOAK_VERSION=26.7.3
MAILDEV_VERSION=2.2.1
WORK=target/demo
START=$(date +%s)

step() { printf '\n[demo %3ss] (%s/5) %s\n' "$(( $(date +%s) - START ))" "$1" "$2"; }
die() { printf '\n[demo] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in java mvn node npm curl; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed; see the README's requirements."
done
for port in "$HTTP_PORT" "$MANAGEMENT_PORT" "$SMTP_PORT" "$MAIL_UI_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use; stop what uses it or set DEMO_*_PORT (see the top of demo.sh)."
  fi
done

pids=()
cleanup() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    printf '\n[demo] stopping...\n'
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  printf '[demo] stopped.\n'
}
trap cleanup INT TERM EXIT

step 1 "building the extension and fetching Keycloak $KEYCLOAK_VERSION from Maven Central (first run: ~170 MB)"
# package builds only the jar; the distribution is unpacked at pre-integration-test (tests skipped)
mvn -q -B -Dstyle.color=never -DskipTests -Dkeycloak.dist.skip=false pre-integration-test
jar=$(ls target/keycloak-compromised-credentials-*.jar | head -n 1)

step 2 "preparing a fresh Keycloak in $WORK/keycloak with the extension in providers/ (kc.sh build, ~25 s)"
rm -rf "$WORK/keycloak"
mkdir -p "$WORK"
cp -a "target/dist/keycloak-$KEYCLOAK_VERSION" "$WORK/keycloak"
cp "$jar" "$WORK/keycloak/providers/"
mkdir -p "$WORK/keycloak/data/import"
cp demo/demo-realm.json "$WORK/keycloak/data/import/"
"$WORK/keycloak/bin/kc.sh" build --db=dev-file --health-enabled=true > "$WORK/build.log" 2>&1 \
  || { tail -n 40 "$WORK/build.log"; die "kc.sh build failed (log: $WORK/build.log)"; }

step 3 "starting the mail catcher MailDev $MAILDEV_VERSION (SMTP $SMTP_PORT, web $MAIL_UI_PORT)"
if [ ! -x "$WORK/mail/node_modules/.bin/maildev" ]; then
  mkdir -p "$WORK/mail"
  (cd "$WORK/mail" && npm install --silent --no-audit --no-fund --prefix . "maildev@$MAILDEV_VERSION" > ../npm.log 2>&1) \
    || { tail -n 20 "$WORK/npm.log"; die "could not install MailDev from npm (log: $WORK/npm.log)"; }
fi
"$WORK/mail/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$SMTP_PORT" --web "$MAIL_UI_PORT" > "$WORK/maildev.log" 2>&1 &
pids+=($!)

step 4 "starting Keycloak on http://127.0.0.1:$HTTP_PORT with the demo realm (~15 s)"
# the email senders at the OS's lowest priority (docs/server-options.md), as the Dockerfile starts them
DEMO_SMTP_PORT=$SMTP_PORT KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
  JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:--XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19}" \
  "$WORK/keycloak/bin/kc.sh" start --optimized --import-realm \
    --http-enabled=true --http-host=127.0.0.1 --http-port="$HTTP_PORT" \
    --http-management-port="$MANAGEMENT_PORT" --hostname-strict=false > "$WORK/keycloak.log" 2>&1 &
kc=$!
pids+=($kc)

step 5 "waiting until Keycloak is ready"
deadline=$(( $(date +%s) + 240 ))
until curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/health/ready" > /dev/null; do
  kill -0 "$kc" 2>/dev/null || { tail -n 40 "$WORK/keycloak.log"; die "Keycloak exited (log: $WORK/keycloak.log)"; }
  [ "$(date +%s)" -lt "$deadline" ] || die "Keycloak was not ready in 4 minutes (log: $WORK/keycloak.log)"
  printf '.'
  sleep 2
done

cat <<READY

==========================================================================================
 Demo ready after $(( $(date +%s) - START )) s. Ctrl-C stops Keycloak and the mail catcher.

 Admin console      http://127.0.0.1:$HTTP_PORT/admin/          admin / admin
 Demo realm admin   http://127.0.0.1:$HTTP_PORT/admin/demo/console/   realm-admin / realm-admin-demo-password
 Dashboard          http://127.0.0.1:$HTTP_PORT/realms/demo/compromised-credentials/console/   (same account)
 Sign in as a user  http://127.0.0.1:$HTTP_PORT/realms/demo/account/
                      alice / alice-demo-password   (English)
                      bob   / bob-demo-password     (Deutsch)
                      carol / carol-demo-password   (Français)
 Mail catcher       http://127.0.0.1:$MAIL_UI_PORT/   (every email the demo realm sends lands here)

 Flag alice, as a feed or SIEM would (client 'siem-feed', secret 'demo-siem-secret'):

   TOKEN=\$(curl -s -d grant_type=client_credentials -d client_id=siem-feed -d client_secret=demo-siem-secret \\
     http://127.0.0.1:$HTTP_PORT/realms/demo/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
   curl -s -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
     -d '{"source":"demo-feed","reason":"credential-leak","subjects":[{"email":"alice@demo.example"}]}' \\
     http://127.0.0.1:$HTTP_PORT/admin/realms/demo/compromised-credentials/signals

 Then sign in as alice: you must choose a new password before you reach your account.
 Logs: $WORK/keycloak.log, $WORK/maildev.log
==========================================================================================
READY

wait "$kc"
