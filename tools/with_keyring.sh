#!/usr/bin/env bash
# Run a command with a real Secret Service: a private D-Bus session with a throwaway, unlocked
# gnome-keyring (its files in a temporary folder, removed afterwards), so the credential tests
# exercise the OS keyring as the app uses it. Without dbus-run-session or gnome-keyring-daemon
# the command runs as it is, and the tests that need the Secret Service say why they skip.
#   tools/with_keyring.sh .venv/bin/pytest
set -euo pipefail
if [ -z "${COMMDESK_KEYRING_SESSION:-}" ] \
  && command -v dbus-run-session >/dev/null 2>&1 && command -v gnome-keyring-daemon >/dev/null 2>&1; then
  COMMDESK_KEYRING_SESSION=$(mktemp -d)
  export COMMDESK_KEYRING_SESSION
  trap 'rm -rf "$COMMDESK_KEYRING_SESSION"' EXIT
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  exit "$status"
fi
if [ -n "${COMMDESK_KEYRING_SESSION:-}" ] && [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  # A fresh login keyring with a throwaway password, unlocked; gone with the session.
  printf 'throwaway' | XDG_DATA_HOME="$COMMDESK_KEYRING_SESSION" \
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
exec "$@"
