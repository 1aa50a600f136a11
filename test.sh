#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs unit and integration tests (real PostgreSQL and
# RabbitMQ, started by the AppHost), and ends with the line 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")"
./scripts/install-prerequisites.sh --tests || exit 1
dotnet build Migration.sln -c Release -v quiet -nologo || exit 1

results="$PWD/TestResults"
rm -rf "$results"
# Screenshots and other artifacts the tests save, kept with the results.
export MIGRATION_TEST_ARTIFACTS="$results/artifacts"
dotnet test Migration.sln -c Release --no-build --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<< "$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<< "$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
