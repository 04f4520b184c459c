#!/usr/bin/env bash
# Vendor the socket.io browser client for the chat widget from the npm lock.
#   scripts/build_web.sh            refresh bot/web/static/vendor/ only if it does not match the lock
#   scripts/build_web.sh --verify   always reinstall from the lock; refresh the file if it differs
# The vendored file is committed, so a fresh checkout works without npm; this script keeps it
# honest: vendor/socket.io.min.js.sha256 records the locked version and the file's checksum.
set -euo pipefail
cd "$(dirname "$0")/../bot/web"

VENDOR=static/vendor
FILE="$VENDOR/socket.io.min.js"
STAMP="$FILE.sha256"
locked=$(node -p 'require("./package-lock.json").packages["node_modules/socket.io-client"].version')

up_to_date() {
  [ -f "$FILE" ] && [ -f "$STAMP" ] || return 1
  [ "$(head -n1 "$STAMP")" = "socket.io-client@$locked" ] || return 1
  [ "$(sed -n 2p "$STAMP")" = "$(sha256sum "$FILE" | cut -d' ' -f1)" ]
}

if [ "${1:-}" != --verify ] && up_to_date; then
  echo ">> widget: vendored socket.io-client $locked is up to date"
  exit 0
fi

echo ">> widget: installing socket.io-client $locked from package-lock.json"
npm ci --prefer-offline --no-audit --no-fund --loglevel=error
built=node_modules/socket.io-client/dist/socket.io.min.js
if [ "${1:-}" = --verify ] && [ -f "$FILE" ] && cmp -s "$built" "$FILE" && up_to_date; then
  echo ">> widget: vendored file matches the lock"
  exit 0
fi
mkdir -p "$VENDOR"
cp "$built" "$FILE"
printf 'socket.io-client@%s\n%s\n' "$locked" "$(sha256sum "$FILE" | cut -d' ' -f1)" > "$STAMP"
echo ">> widget: vendored $FILE (socket.io-client $locked)"
