#!/bin/sh
# Renders the emails saved by the integration tests (target/it/emails/*.html, written by EmailIT) to PNGs in
# docs/screenshots with headless Chromium. Run after `mvn verify`.
set -eu
cd "$(dirname "$0")/.."
mkdir -p docs/screenshots
for f in target/it/emails/*.html; do
  name=$(basename "$f" .html)
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d)" --hide-scrollbars --window-size=760,820 \
    --screenshot="docs/screenshots/$name.png" "file://$(pwd)/$f" > /dev/null 2>&1
  echo "docs/screenshots/$name.png"
done
