#!/usr/bin/env bash
# The load test: bash scripts/load.sh [options]            (docs/performance.md has the figures and how to read them)
#
# Publishes the Release build, starts it on a temporary database (SQLite, or PostgreSQL with --database postgres)
# holding the Taipei dataset (--dataset city) or the national dataset as well (--dataset national: `beacon generate
# --database`), and measures each page and API address with wrk from Debian's packages (installed when missing):
# requests/s, p50 and p99 latency, and the ratio to the static file /css/site.css measured by the same server in the
# same run, right before each address. Every address is read anonymously and
# signed in (a viewer's cookie). Then the server's peak memory (VmHWM). The figures are printed as a Markdown table.
#
# Options:
#   --dataset city|national      the data to serve (default city)
#   --database sqlite|postgres   where (default sqlite); PostgreSQL: BEACON_LOAD_POSTGRES, else BEACON_TEST_POSTGRES,
#                                else Host=127.0.0.1;Port=5432;Username=postgres;Password=beacon
#   --app DIR                    serve with this published build instead (an older one, to compare; the data is still
#                                made by the build of this working tree)
#   --published DIR              this working tree already published (dotnet publish src/Beacon.Web -c Release -o DIR):
#                                no publish step
#   --duration 10s --connections 32 --threads 2 --warmup 2s     wrk's settings (defaults as shown)
#   --only REGEX                 measure only the addresses matching REGEX (the static file always)
#   --seed N                     the national dataset's seed (default 2025)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'scripts/load.sh: %s\n' "$*" >&2; exit 1; }

dataset=city database=sqlite app="" published="" duration=10s connections=32 threads=2 warmup=2s only="" seed=2025
while [ $# -gt 0 ]; do
    case "$1" in
        --dataset) dataset=$2; shift 2 ;;
        --database) database=$2; shift 2 ;;
        --app) app=$(cd "$2" && pwd); shift 2 ;;
        --published) published=$(cd "$2" && pwd); shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --connections) connections=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --warmup) warmup=$2; shift 2 ;;
        --only) only=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
done
case "$dataset" in city|national) ;; *) die "--dataset is city or national" ;; esac
case "$database" in sqlite|postgres) ;; *) die "--database is sqlite or postgres" ;; esac

# --- wrk -----------------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
    as_root=()
    [ "$(id -u)" -eq 0 ] || as_root=(sudo)
    say "installing wrk"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk >&2
fi
command -v curl >/dev/null || die "curl is needed"

work=$(mktemp -d /tmp/beacon-load.XXXXXX)
server=""
pgdb=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
    if [ -n "$pgdb" ]; then psql_server -q -c "DROP DATABASE IF EXISTS \"$pgdb\" WITH (FORCE)" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# --- the build -------------------------------------------------------------------------------------------
if [ -n "$published" ]; then
    built="$published"
else
    say "dotnet publish -c Release"
    dotnet publish src/Beacon.Web -c Release -o "$work/publish" -v quiet -nologo >&2
    built="$work/publish"
fi
serve="${app:-$built}"
[ -x "$serve/beacon" ] || die "$serve/beacon is not a published Beacon build"

# --- the database ----------------------------------------------------------------------------------------
settings=(Demo__Enabled=false Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.AspNetCore=Warning
          RateLimits__SignInPerMinute=1000)
if [ "$database" = sqlite ]; then
    settings+=("Database__Path=$work/beacon.db" "ConnectionStrings__Postgres=")
else
    pg="${BEACON_LOAD_POSTGRES:-${BEACON_TEST_POSTGRES:-Host=127.0.0.1;Port=5432;Username=postgres;Password=beacon}}"
    field() { tr ';' '\n' <<<"$pg" | sed -n "s/^ *$1 *= *//Ip" | head -n 1; }
    pg_host=$(field Host) pg_port=$(field Port) pg_user=$(field Username) pg_password=$(field Password)
    psql_server() { PGPASSWORD=$pg_password psql -X -h "${pg_host:-127.0.0.1}" -p "${pg_port:-5432}" -U "${pg_user:-postgres}" -d postgres "$@"; }
    pgdb="beacon_load_$(date +%s)_$$"
    psql_server -q -c "CREATE DATABASE \"$pgdb\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
    settings+=("ConnectionStrings__Postgres=$pg;Database=$pgdb")
fi
run_beacon() { (cd "$1" && shift && env "${settings[@]}" Dataset__Load=true ./beacon "$@"); }

national_year=2025
if [ "$dataset" = national ]; then
    say "beacon generate --database --seed $seed (the build of this working tree)"
    started=$(date +%s.%N)
    run_beacon "$built" generate --database --seed "$seed" --year "$national_year" >&2
    generated=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
fi

# --- the server ------------------------------------------------------------------------------------------
port=$(( 20000 + RANDOM % 20000 ))
while ss -ltn 2>/dev/null | grep -q ":$port "; do port=$(( 20000 + RANDOM % 20000 )); done
base="http://127.0.0.1:$port"
say "starting $serve/beacon on $base"
(cd "$serve" && exec env "${settings[@]}" Dataset__Load=true ASPNETCORE_URLS="$base" ./beacon >"$work/server.log" 2>&1) &
server=$!
for _ in $(seq 1 600); do
    curl -fs -o /dev/null "$base/css/site.css" && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; die "the server stopped"; }
    sleep 0.5
done
curl -fs -o /dev/null "$base/css/site.css" || die "the server did not answer in 5 minutes"

# A viewer's account (made with the command line of the build that serves) and its sign-in cookie.
password="load-$(date +%s)-$RANDOM$RANDOM"
(cd "$serve" && env "${settings[@]}" Dataset__Load=false ./beacon users add load@beacon.test --role viewer --password-stdin <<<"$password" >/dev/null)
jar="$work/cookies"
form=$(curl -fs -c "$jar" "$base/account/sign-in")
token=$(sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' <<<"$form" | head -n 1)
curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "Email=load@beacon.test" --data-urlencode "Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/account/sign-in" || die "signing in failed"
cookie=$(awk '!/^#/ || /^#HttpOnly_/ { sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$jar")
grep -q 'beacon.auth=' <<<"$cookie" || die "no sign-in cookie"

# --- the addresses -----------------------------------------------------------------------------------------
addresses=(
    /orgs/TPE/2021 /orgs/TPE/2021/scorecard /orgs/TPE/2021/evaluation /orgs/TPE/2021/kpis/AC1.1 /orgs/TPE/2021/themes/A
    /api/orgs/TPE/plans/2021 /api/orgs/TPE/plans/2021/evaluation
    / /api/orgs /evaluations/2021 /api/evaluations/2021 /open-data/index.json /open-data/TPE/2021/evaluation.csv
)
if [ "$dataset" = national ]; then
    y=$national_year
    addresses+=(
        /orgs/KHH/$y /orgs/KHH/$y/scorecard /orgs/KHH/$y/evaluation /orgs/KHH/$y/kpis/AC1.1 /orgs/KHH-SWD/$y/kpis/AC1.1
        /api/orgs/KHH/plans/$y /api/orgs/KHH/plans/$y/evaluation /evaluations/$y "/api/evaluations/$y?limit=100"
        /orgs/KHH "/api/orgs?parent=KHH" "/api/orgs?limit=1000" "/open-data/index.json?year=$y&limit=100"
    )
fi

# One wrk run: requests/s, p50 (ms), p99 (ms), and the count of answers that were not 2xx or 3xx or timed out.
measure() {
    local url=$1; shift
    local out
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s --latency "$@" "$base$url")
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { bad += $5 }
        /Socket errors:/ { gsub(",", ""); bad += $NF }
        END { printf "%s %s %s %d\n", rps, p50 + 0, p99 + 0, bad }' <<<"$out"
}

warm() { wrk -t"$threads" -c"$connections" -d"$warmup" "$@" >/dev/null; }

cold=""
if [ "$dataset" = national ]; then
    # Every evaluation of the year computed from the database: the first read after start-up.
    cold=$(curl -fs -o /dev/null -w '%{time_total}' "$base/api/evaluations/$national_year")
fi

# The static file is measured right before each address, so that each ratio compares two runs made under the same
# load of the machine (other programs may be running beside this one).
rows=()
for url in "${addresses[@]}"; do
    if [ -n "$only" ] && ! grep -Eq -- "$only" <<<"$url"; then continue; fi
    warm "$base/css/site.css"
    read -r static_rps _ _ _ < <(measure /css/site.css)
    for reader in anonymous signed-in; do
        headers=()
        [ "$reader" = signed-in ] && headers=(-H "Cookie: $cookie")
        status=$(curl -s -o /dev/null -w '%{http_code}' "${headers[@]}" "$base$url")
        say "$url ($reader): $status"
        warm "${headers[@]}" "$base$url"
        read -r rps p50 p99 bad < <(measure "$url" "${headers[@]}")
        rows+=("$url|$reader|$status|$rps|$p50|$p99|$bad|$static_rps")
    done
done
peak=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
now=$(awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")

# --- the report ----------------------------------------------------------------------------------------------
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)
echo
echo "### $dataset dataset on $database, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Build: $(if [ -n "$app" ]; then echo "$app"; else git -C "$root" describe --always --dirty; fi). Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
echo "wrk -t$threads -c$connections -d$duration --latency, after a $warmup warm-up per address."
[ -n "${generated:-}" ] && echo "National dataset generated and imported in $generated s (beacon generate --database --seed $seed)."
[ -n "$cold" ] && echo "First read of /api/evaluations/$national_year after start-up (every evaluation of the year computed): $cold s."
echo
echo "| address | reader | status | requests/s | p50 ms | p99 ms | static file requests/s | ratio to static |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
for row in "${rows[@]}"; do
    IFS='|' read -r url reader status rps p50 p99 bad static_rps <<<"$row"
    note=""
    [ "$bad" -gt 0 ] && note=" ($bad answers failed or not 2xx/3xx)"
    ratio=$(awk -v r="$rps" -v f="$static_rps" 'BEGIN { printf "%.1f %%", 100 * r / f }')
    printf '| `%s` | %s | %s%s | %.0f | %.2f | %.2f | %.0f | %s |\n' "$url" "$reader" "$status" "$note" "$rps" "$p50" "$p99" "$static_rps" "$ratio"
done
echo
echo "Server memory: peak $peak MB, at the end $now MB (resident)."
