#!/usr/bin/env bash
# How long each document of the city 2021 plan takes, and how much memory making it takes beyond the idle server.
#
#   bash bench/documents.sh [runs]      (default 3 runs of each file; prints the median)
#
# Settings (environment): BENCH_CHROMIUM=/usr/bin/chromium to print with that program (Documents:Chromium),
# BENCH_CHROMIUM_ARGS="--flag …" to add flags to the browser's own (Documents:ChromiumArguments),
# BENCH_FORMATS="pdf" to time only some formats, BENCH_NO_BUILD=1 to use the Release build already made,
# BENCH_PORT (default 5397). Any other setting of the app passes through its environment, e.g.
# Documents__PrintConcurrency=1 or Documents__TaggedPdf=false.
#
# Builds the app (Release), starts it on 127.0.0.1 with a fresh SQLite database of its own (the Taipei dataset is
# loaded at start), asks for every document in every format, and prints one line per file: median seconds over the
# runs, the size, and the extra memory.
#
# Extra memory, as measured here: bench/memory-sampler.pl samples every 0.1 s the server's resident set (VmRSS) and
# the proportional set sizes (PSS) of every process the server started (the Chromium that prints: browser, renderers,
# utilities); extra = Chromium's PSS + (the server's RSS − its idle baseline), and the figure printed for a file is
# the largest extra sampled while that file was made (all its runs). The idle baseline is the server's RSS after
# start-up and one page, before any document, with no Chromium running. PSS divides a shared page among the processes
# mapping it, so Chromium's program and the CJK fonts count once (in full, unless another program maps them too);
# "anon" is the anonymous part of Chromium's PSS (its heaps: what printing allocates), "files" its file part (the
# program's code, the fonts, ICU's data: page cache, shared with any other process mapping them, reclaimable).
# "without file pages" is the same peak without that part: what printing takes that nothing else could share. The server's growth is what
# .NET keeps after making files (its garbage collector does not hand everything back at once), so a file's figure
# includes what earlier files left the server holding. The total is the largest extra over the whole run, two of the
# largest PDFs made at once included; "between files" is Chromium's PSS when the run is over and nothing prints.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
port=${BENCH_PORT:-5397}
work=$(mktemp -d)
trap 'kill "${sampler:-}" 2>/dev/null || true; kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

formats=${BENCH_FORMATS:-xlsx ods odt csv pdf}
[ -n "${BENCH_NO_BUILD:-}" ] || dotnet build -c Release src/Beacon.Web -v quiet -nologo >/dev/null
Database__Path="$work/bench.db" Demo__Enabled=false Logging__LogLevel__Default=Warning \
    Documents__Chromium="${BENCH_CHROMIUM:-}" Documents__ChromiumArguments="${BENCH_CHROMIUM_ARGS:-}" \
    src/Beacon.Web/bin/Release/net10.0/beacon --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Beacon.Web" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/orgs/TPE/2021" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/orgs/TPE/2021/scorecard"

perl bench/memory-sampler.pl "$server" >"$work/samples" &
sampler=$!
sleep 1.5 # the idle baseline: the samples before the first document
baseline_end=$(date +%s.%N)

mark() { echo "${1// /_} $2 $(date +%s.%N)" >>"$work/marks"; } # name, start|end
time_one() { # url → median seconds over the runs, and the size
    local url=$1 times=() size=0
    for _ in $(seq 1 "$runs"); do
        read -r t size code < <(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' "$url")
        [ "$code" = 200 ] || { echo "FAILED $url: $code" >&2; exit 1; }
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" -v size="$size" '{ a[NR] = $1 } END { printf "%.3f s  %8d bytes", a[int((n + 1) / 2)], size }'
}
# The extra memory (MB) sampled while the named file was made, and the same without Chromium's file pages.
extra() {
    awk -v name="${1// /_}" -v base_end="$baseline_end" '
        FILENAME ~ /marks$/ { if ($1 == name) { if ($2 == "start") s = $3; else e = $3 }; next }
        $1 <= base_end { n++; baseline += $2; next }
        $1 >= s && $1 <= e + 0.15 {
            g = $2 - baseline / n; x = $3 + g; y = $3 - $5 + g
            if (!seen || x > best) { best = x; c = $3; a = $4; f = $5; bg = g }
            if (!seen || y > bestp) bestp = y
            seen = 1 }
        END { printf "%4d MB extra (Chromium %3d: anon %3d, files %3d; server %+4d) | without file pages %4d MB", best / 1024, c / 1024, a / 1024, f / 1024, bg / 1024, bestp / 1024 }' "$work/marks" "$work/samples"
}
one() { # label, url
    mark "$1" start
    local timing; timing=$(time_one "$2")
    mark "$1" end
    sleep 0.15
    printf '%-30s %s  %s\n' "$1" "$timing" "$(extra "$1")"
}

printf '%-30s %s\n' "document" "median of $runs, size, the most memory beyond the idle server while it was made"
total_start=$(date +%s.%N)
mark all start
# The first PDF starts the browser that prints every later one (docs/documents.md).
runs=1 one "first PDF (starts Chromium)" "$base/api/orgs/TPE/plans/2021/documents/membership.pdf"
for doc in scorecard report evaluation milestones membership theme-A compare; do
    for format in $formats; do one "$doc.$format" "$base/api/orgs/TPE/plans/2021/documents/$doc.$format"; done
done
for format in svg png pdf; do one "map.$format" "$base/api/orgs/TPE/plans/2021/documents/map.$format"; done
for format in $formats; do one "evaluations report.$format" "$base/api/evaluations/2021/report.$format"; done
# Two of the largest PDFs asked for at once: the two files Chromium prints at a time (Documents:PrintConcurrency).
mark pair start
pair_start=$(date +%s.%N)
( runs=1 time_one "$base/api/orgs/TPE/plans/2021/documents/scorecard.pdf" >/dev/null ) &
first=$!
runs=1 time_one "$base/api/orgs/TPE/plans/2021/documents/report.pdf" >/dev/null
wait "$first"
pair_time=$(echo "$(date +%s.%N) - $pair_start" | bc)
mark pair end
total_time=$(echo "$(date +%s.%N) - $total_start" | bc)
sleep 1
printf '%-30s %.3f s %16s %s\n' "scorecard.pdf + report.pdf at once" "$pair_time" "" "$(extra pair)"
mark all end
echo
echo "extra memory at its peak over the whole run: $(extra all)"
read -r base_rss < <(awk -v e="$baseline_end" '$1 <= e { n++; s += $2 } END { print int(s / n / 1024) }' "$work/samples")
read -r _ _ idle idle_anon _ < <(tail -n 1 "$work/samples")
echo "server's idle baseline: ${base_rss} MB resident; its peak (VmHWM): $(awk '/^VmHWM:/ { print int($2 / 1024) }' "/proc/$server/status") MB"
echo "Chromium between files (1 s after the last): $(( idle / 1024 )) MB, of which anonymous $(( idle_anon / 1024 )) MB"
idle_wait=$(( ${Documents__ChromiumIdleSeconds:-30} + 3 ))
if [ "$idle_wait" -le 60 ]; then
    sleep "$idle_wait"
    read -r _ _ idle _ < <(tail -n 1 "$work/samples")
    echo "Chromium ${idle_wait} s after the last file (stopped after Documents:ChromiumIdleSeconds without work): $(( idle / 1024 )) MB"
fi
echo "Chromium: ${BENCH_CHROMIUM:-the default program} ${BENCH_CHROMIUM_ARGS:-}"
echo "load average at the end (the machine's other work slows everything): $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "all files, $runs runs each: $total_time s"
