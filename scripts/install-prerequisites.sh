#!/usr/bin/env bash
# Installs what the platform needs on Debian/Ubuntu and is missing: RabbitMQ, PostgreSQL, Dovecot (the local IMAP
# server), the local dotnet tools (smtp4dev, dotnet-ef); with --tests also Chromium, which the browser tests drive, and the redocly CLI (npm), which
# lints the OpenAPI document.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

packages=()
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || packages+=(rabbitmq-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" > /dev/null || packages+=(postgresql)
command -v setpriv > /dev/null || packages+=(util-linux)
installs_dovecot=false
[ -x /usr/sbin/dovecot ] || installs_dovecot=true
[ -x /usr/lib/dovecot/imap ] || packages+=(dovecot-imapd)
if [ "${1:-}" = "--tests" ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  command -v npm > /dev/null || packages+=(nodejs npm)
fi

if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} ..."
  as_root apt-get update -qq
  # The packages' own services are not needed: the AppHost runs its own instances on free ports.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" > /dev/null
  if [ "$installs_dovecot" = true ]; then
    # The package may start a system-wide Dovecot on ports 143/993; the AppHost runs its own, so that one only takes
    # ports and answers logins nobody configured. A Dovecot that was installed before this script is left alone.
    if [ -d /run/systemd/system ]; then
      as_root systemctl disable --now dovecot.service dovecot.socket > /dev/null 2>&1 || true
    else
      as_root service dovecot stop > /dev/null 2>&1 || true
      as_root update-rc.d dovecot disable > /dev/null 2>&1 || true
    fi
  fi
fi

dotnet tool restore > /dev/null

redocly_version=2.77.0
redocly_dir=.tools/redocly
if [ "${1:-}" = "--tests" ] && ! grep -qs "\"version\": \"$redocly_version\"" "$redocly_dir/node_modules/@redocly/cli/package.json"; then
  echo "Installing @redocly/cli@$redocly_version into $redocly_dir ..."
  mkdir -p "$redocly_dir"
  # Without it only the OpenAPI lint test fails, with a message naming this script.
  npm install --prefix "$redocly_dir" --no-audit --no-fund --loglevel=error "@redocly/cli@$redocly_version" > /dev/null \
    || echo "warning: @redocly/cli could not be installed; the OpenAPI lint test will fail" >&2
fi
