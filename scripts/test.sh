#!/usr/bin/env bash
# The one test command: bash scripts/test.sh [extra dotnet test arguments, e.g. --filter Api]
#
# On a fresh Debian 12 machine (as root) it installs what the tests need when missing: PostgreSQL, Chromium, npm,
# the Noto CJK fonts (pages are in Traditional Chinese), LibreOffice and poppler-utils (the documents are read
# back), and nginx and openssl for the two-instance test. It starts PostgreSQL on 127.0.0.1, sets the postgres user's
# password, exports BEACON_TEST_POSTGRES (an existing value is kept, and then the local server is left alone), runs
# every test in Beacon.slnx and exits non-zero when any fails. Safe to run again.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say() { printf '==> %s\n' "$*"; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

as_root=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: cannot install or start PostgreSQL"
    as_root=(sudo)
fi

command -v dotnet >/dev/null || die "the .NET 10 SDK is needed (dotnet on PATH); see https://learn.microsoft.com/dotnet/core/install/linux-debian"

# --- packages -----------------------------------------------------------------------------------------
missing=()
installed() { dpkg -s "$1" >/dev/null 2>&1; }
if [ -z "${BEACON_TEST_POSTGRES:-}" ]; then
    { command -v pg_ctlcluster >/dev/null && installed postgresql; } || missing+=(postgresql)
fi
command -v chromium >/dev/null || missing+=(chromium)
# PDFs and PNGs print with the headless browser alone when it is installed (docs/documents.md); the tests use both.
command -v chromium-headless-shell >/dev/null || missing+=(chromium-headless-shell)
installed fonts-noto-cjk || missing+=(fonts-noto-cjk)
command -v npm >/dev/null || missing+=(npm)
# The document tests read Beacon's files back with LibreOffice (XLSX, ODS, ODT) and poppler (PDF).
installed libreoffice-calc-nogui || installed libreoffice-calc || missing+=(libreoffice-calc-nogui)
installed libreoffice-writer-nogui || installed libreoffice-writer || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
# The two-instance test puts nginx (with a certificate made by openssl) in front; the backup test runs pg_dump.
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null || missing+=(openssl)
command -v pg_dump >/dev/null || missing+=(postgresql-client)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
export BEACON_TEST_CHROMIUM="${BEACON_TEST_CHROMIUM:-$(command -v chromium)}"

# axe-core for the accessibility tests and Redocly CLI for the OpenAPI lint, each pinned by its package-lock.json.
for npm_dir in tests/Beacon.Web.Tests/axe tests/Beacon.Web.Tests/redocly; do
    if ! cmp -s "$npm_dir/package-lock.json" "$npm_dir/node_modules/.package-lock.json.installed"; then
        say "npm ci in $npm_dir"
        (cd "$npm_dir" && npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.package-lock.json.installed)
    fi
done

# smtp4dev, the SMTP server the notification tests send to on 127.0.0.1, pinned by dotnet-tools.json.
say "dotnet tool restore"
dotnet tool restore >/dev/null

# --- PostgreSQL on 127.0.0.1 ---------------------------------------------------------------------------
as_postgres() { (cd / && "${as_root[@]}" runuser -u postgres -- "$@"); }

if [ -n "${BEACON_TEST_POSTGRES:-}" ]; then
    say "using BEACON_TEST_POSTGRES from the environment (local PostgreSQL left alone)"
else
    # The newest installed major version, and its first cluster (Debian's package creates "main").
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    [ -n "$version" ] || die "PostgreSQL is installed but /usr/lib/postgresql has no version"
    cluster=$(pg_lsclusters -h | awk -v v="$version" '$1 == v { print $2; exit }')
    if [ -z "$cluster" ]; then
        cluster=main
        say "creating PostgreSQL $version cluster $cluster"
        "${as_root[@]}" pg_createcluster --locale C.UTF-8 "$version" "$cluster" >/dev/null
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $3 }')
    status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $4 }')
    ready() { pg_isready -q -h 127.0.0.1 -p "$port"; }
    if [ "$status" != online ]; then
        say "starting PostgreSQL $version/$cluster on 127.0.0.1:$port"
        "${as_root[@]}" pg_ctlcluster "$version" "$cluster" start
        for _ in $(seq 1 30); do ready && break; sleep 1; done
    fi
    if ! ready; then
        # Running, but not on TCP: listen_addresses was changed from its default (localhost).
        say "restarting PostgreSQL $version/$cluster to listen on localhost"
        "${as_root[@]}" pg_conftool "$version" "$cluster" set listen_addresses localhost
        "${as_root[@]}" pg_ctlcluster "$version" "$cluster" restart
        for _ in $(seq 1 30); do ready && break; sleep 1; done
    fi
    ready || die "PostgreSQL $version/$cluster does not accept connections on 127.0.0.1:$port (see /var/log/postgresql/)"
    as_postgres psql -p "$port" -X -q -v ON_ERROR_STOP=1 -c "ALTER USER postgres PASSWORD 'beacon'"
    # Databases left by test runs killed before they could drop theirs: only those over an hour old and not in
    # use, so a test run going on beside this one keeps its own.
    stale=$(as_postgres psql -p "$port" -X -At -c "SELECT datname FROM pg_database WHERE datname LIKE 'beacon\_test\_%'
        AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification < now() - interval '1 hour'")
    for db in $stale; do as_postgres psql -p "$port" -X -q -c "DROP DATABASE IF EXISTS \"$db\"" 2>/dev/null || true; done
    export BEACON_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=beacon"
fi

# --- tests ---------------------------------------------------------------------------------------------
log=$(mktemp)
trap 'rm -f "$log"' EXIT
say "dotnet test Beacon.slnx"
started=$(date +%s)
set +e
dotnet test Beacon.slnx --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, added up from each test assembly's summary
# ("Passed!  - Failed:     0, Passed:   113, Skipped:     4, Total:   117, Duration: 18 s - Beacon.Web.Tests.dll").
read -r passed failed skipped assemblies < <(sed -n 's/.* - Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\), Total:.*/\2 \1 \3/p' "$log" |
    awk '{ p += $1; f += $2; s += $3; n++ } END { print p + 0, f + 0, s + 0, n + 0 }')
echo "Tests took $(( $(date +%s) - started )) s in $assemblies test assemblies"
echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ]; then exit "$status"; fi
if [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then die "no test ran"; fi
