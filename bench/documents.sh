#!/usr/bin/env bash
# How long each document of the city 2021 plan takes, and how much memory the server grows by while making them.
#
#   bash bench/documents.sh [runs]      (default 3 runs of each file; prints the median)
#
# Settings (environment): BENCH_CHROMIUM=/usr/bin/chromium to print with that program (Documents:Chromium),
# BENCH_CHROMIUM_ARGS="--flag …" to add flags to the browser's own (Documents:ChromiumArguments),
# BENCH_FORMATS="pdf" to time only some formats, BENCH_NO_BUILD=1 to use the Release build already made,
# BENCH_PORT (default 5397).
#
# Builds the app (Release), starts it on 127.0.0.1 with a fresh SQLite database of its own (the Taipei dataset is
# loaded at start), asks for every document in every format, and prints one line per file: median seconds over the
# runs and the size. Memory: the server's resident set after start-up and one page, and its peak (VmHWM) after
# everything; the Chromium that prints runs as the server's child processes, so its peak is sampled separately, and
# once more between files (the one browser waiting for the next). Stops the server (and with it Chromium) at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
port=${BENCH_PORT:-5397}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

formats=${BENCH_FORMATS:-xlsx ods odt csv pdf}
[ -n "${BENCH_NO_BUILD:-}" ] || dotnet build -c Release src/Beacon.Web -v quiet -nologo >/dev/null
Database__Path="$work/bench.db" Demo__Enabled=false Logging__LogLevel__Default=Warning \
    Documents__Chromium="${BENCH_CHROMIUM:-}" Documents__ChromiumArguments="${BENCH_CHROMIUM_ARGS:-}" \
    src/Beacon.Web/bin/Release/net10.0/beacon --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Beacon.Web" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/orgs/TPE/2021" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/orgs/TPE/2021/scorecard"
rss() { awk '/^'"$1"':/ { print int($2 / 1024) }' "/proc/$server/status"; }
start_rss=$(rss VmRSS)

# Chromium's memory: the largest sum of the proportional set sizes of the server's child processes (the Chromium that prints)
# seen while the files are made; other programs' Chromium on the machine is not counted.
descendants() { local p; for p in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do echo "$p"; descendants "$p"; done; }
# Proportional set size (PSS): shared pages are divided among the processes that map them, so the sum is what
# Chromium really takes (its processes share most of their libraries; a sum of resident sets counts them many times).
# Printed with its anonymous part (Pss_Anon: the heap, what printing allocates); the rest is the program's and the
# fonts' file pages, shared with any other process mapping them and reclaimable by the kernel.
sample() { local p total=0 anon=0 k a; for p in $(descendants "$server"); do
        read -r k a < <(awk '/^Pss:/ { p = $2 } /^Pss_Anon:/ { a = $2 } END { print p + 0, a + 0 }' "/proc/$p/smaps_rollup" 2>/dev/null || echo "0 0")
        total=$(( total + ${k:-0} )); anon=$(( anon + ${a:-0} )); done
    echo "$(( total / 1024 )) $(( anon / 1024 ))"; }

time_one() { # url → median seconds over the runs, and the size
    local url=$1 times=() size=0
    for _ in $(seq 1 "$runs"); do
        read -r t size code < <(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$url")
        [ "$code" = 200 ] || { echo "FAILED $url: $code" >&2; exit 1; }
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" -v size="$size" '{ a[NR] = $1 } END { printf "%.3f s  %8d bytes", a[int((n + 1) / 2)], size }'
}

printf '%-28s %s\n' "document" "median of $runs"
total_start=$(date +%s.%N)
# Chromium's memory is sampled every 0.1 s from the first PDF to the last file.
( while sleep 0.1; do m=$(sample); echo "$m"; done ) >"$work/chromium.rss" &
sampler=$!
# The first PDF starts the browser that prints every later one (docs/documents.md).
printf '%-28s %s\n' "first PDF (starts Chromium)" "$(runs=1 time_one "$base/api/orgs/TPE/plans/2021/documents/membership.pdf")"
for doc in scorecard report evaluation milestones membership theme-A compare; do
    for format in $formats; do
        printf '%-28s %s\n' "$doc.$format" "$(time_one "$base/api/orgs/TPE/plans/2021/documents/$doc.$format")"
    done
done
for format in svg png pdf; do printf '%-28s %s\n' "map.$format" "$(time_one "$base/api/orgs/TPE/plans/2021/documents/map.$format")"; done
for format in $formats; do printf '%-28s %s\n' "evaluations report.$format" "$(time_one "$base/api/evaluations/2021/report.$format")"; done
# Two of the largest PDFs asked for at once: the two files Chromium prints at a time (Documents:PrintConcurrency).
pair_start=$(date +%s.%N)
( runs=1 time_one "$base/api/orgs/TPE/plans/2021/documents/scorecard.pdf" >/dev/null ) &
first=$!
runs=1 time_one "$base/api/orgs/TPE/plans/2021/documents/report.pdf" >/dev/null
wait "$first"
printf '%-28s %.3f s\n' "scorecard.pdf + report.pdf at once" "$(echo "$(date +%s.%N) - $pair_start" | bc)"
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
read -r chromium_peak chromium_anon < <(sort -n "$work/chromium.rss" | tail -n 1)
echo
echo "server resident memory after start-up: ${start_rss} MB; peak while making every document: $(rss VmHWM) MB (+$(( $(rss VmHWM) - start_rss )) MB)"
echo "Chromium's peak (the printing processes together, sampled every 0.1 s, two PDFs at once included): ${chromium_peak:-0} MB, of which anonymous ${chromium_anon:-0} MB"
echo "Chromium: ${BENCH_CHROMIUM:-the default program} ${BENCH_CHROMIUM_ARGS:-}"
read -r idle idle_anon < <(sample)
echo "Chromium between files (the browser waiting for the next one): ${idle} MB, of which anonymous ${idle_anon} MB"
echo "load average at the end (the machine's other work slows everything): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "all files, $runs runs each: $(echo "$(date +%s.%N) - $total_start" | bc) s"
