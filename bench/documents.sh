#!/usr/bin/env bash
# How long each document of the city 2021 plan takes, and how much memory the server grows by while making them.
#
#   bash bench/documents.sh [runs]      (default 3 runs of each file; prints the median)
#
# Builds the app (Release), starts it on 127.0.0.1 with a fresh SQLite database of its own (the Taipei dataset is
# loaded at start), asks for every document in every format, and prints one line per file: median seconds over the
# runs and the size. Memory: the server's resident set after start-up and one page, and its peak (VmHWM) after
# everything; Chromium runs as its own processes, so its peak is sampled separately. Stops the server at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
port=${BENCH_PORT:-5397}
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build -c Release src/Beacon.Web -v quiet -nologo >/dev/null
Database__Path="$work/bench.db" Demo__Enabled=false Logging__LogLevel__Default=Warning \
    src/Beacon.Web/bin/Release/net10.0/beacon --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Beacon.Web" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/orgs/TPE/2021" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/orgs/TPE/2021/scorecard"
rss() { awk '/^'"$1"':/ { print int($2 / 1024) }' "/proc/$server/status"; }
start_rss=$(rss VmRSS)

# Chromium's memory: the largest sum of the proportional set sizes of the server's child processes (the Chromium that prints)
# seen while the PDFs are made; other programs' Chromium on the machine is not counted.
chromium_peak=0
descendants() { local p; for p in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do echo "$p"; descendants "$p"; done; }
# Proportional set size (PSS): shared pages are divided among the processes that map them, so the sum is what
# Chromium really takes (its processes share most of their libraries; a sum of resident sets counts them many times).
sample() { local p total=0 k; for p in $(descendants "$server"); do
        k=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true); total=$(( total + ${k:-0} )); done
    echo $(( total / 1024 )); }

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
for doc in scorecard report evaluation milestones membership theme-A; do
    for format in xlsx ods odt csv pdf; do
        if [ "$format" = pdf ]; then
            ( while sleep 0.1; do m=$(sample); echo "$m"; done ) >"$work/chromium.rss" &
            sampler=$!
        fi
        printf '%-28s %s\n' "$doc.$format" "$(time_one "$base/api/orgs/TPE/plans/2021/documents/$doc.$format")"
        if [ "$format" = pdf ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
            m=$(sort -n "$work/chromium.rss" | tail -n 1); [ "${m:-0}" -gt "$chromium_peak" ] && chromium_peak=$m; fi
    done
done
for format in svg png pdf; do printf '%-28s %s\n' "map.$format" "$(time_one "$base/api/orgs/TPE/plans/2021/documents/map.$format")"; done
for format in xlsx ods odt csv pdf; do printf '%-28s %s\n' "evaluations report.$format" "$(time_one "$base/api/evaluations/2021/report.$format")"; done
echo
echo "server resident memory after start-up: ${start_rss} MB; peak while making every document: $(rss VmHWM) MB (+$(( $(rss VmHWM) - start_rss )) MB)"
echo "Chromium's peak (the printing processes together, sampled every 0.1 s): ${chromium_peak} MB"
echo "load average at the end (the machine's other work slows everything): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "all files, $runs runs each: $(echo "$(date +%s.%N) - $total_start" | bc) s"
