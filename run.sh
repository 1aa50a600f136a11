#!/usr/bin/env bash
# Runs the whole platform locally: installs what is missing, then starts the Aspire AppHost.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-prerequisites.sh
dotnet build AppHost/Migration.AppHost.csproj -c Debug -v quiet -nologo

state_dir="${Infrastructure__StateDirectory:-$PWD/.state}"
cat <<INFO

  Gateway (REST API):   http://localhost:${Gateway__Port:-5080}   (OpenAPI UI: /docs, document: /openapi/v1.json)
  Aspire dashboard:     http://localhost:15000
  Admin key:            ${MIGRATION_ADMIN_KEY:+from MIGRATION_ADMIN_KEY}${MIGRATION_ADMIN_KEY:-printed below on the first run, then in $state_dir/admin-key.secret}
  State (databases):    $state_dir   (delete it for a fresh start)

INFO
if [ -z "${MIGRATION_ADMIN_KEY:-}" ] && [ -f "$state_dir/admin-key.secret" ]; then
  echo "  Admin key value:      $(cat "$state_dir/admin-key.secret")"
  echo
fi
exec dotnet run --project AppHost/Migration.AppHost.csproj --launch-profile http --no-build
