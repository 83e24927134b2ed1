#!/usr/bin/env bash
# The reliability harness (tests/Beacon.Reliability) against real Beacon server processes, SQLite and PostgreSQL:
#   bash scripts/reliability.sh faults|fuzz|concurrency [--full] [--seed N] [--db sqlite|postgres|both]
#       [--rounds N] [--cases N] [--seconds N] [--writers N]
# Quick by default (what the test command also runs); --full is the run docs/reliability.md records. Prints the figures
# of each run and exits 1 when any run found a violation. PostgreSQL: BEACON_TEST_POSTGRES, else the server
# scripts/test.sh sets up on 127.0.0.1:5432 (run it once first on a fresh machine).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export BEACON_TEST_POSTGRES="${BEACON_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=postgres;Password=beacon}"
if ! built=$(dotnet build tests/Beacon.Reliability -c Release -v q -nologo 2>&1); then printf '%s\n' "$built" >&2; exit 1; fi
exec dotnet tests/Beacon.Reliability/bin/Release/net10.0/beacon-reliability.dll "$@"
