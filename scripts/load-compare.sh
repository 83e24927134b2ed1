#!/usr/bin/env bash
# Two reports of scripts/load.sh side by side: bash scripts/load-compare.sh BEFORE.md AFTER.md
# Prints, for each address and reader of the first report, the requests/s and the ratio to the static file in each
# (compare the ratios: each was measured against the static file of its own run).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: bash scripts/load-compare.sh BEFORE.md AFTER.md" >&2; exit 2; }
awk -F'|' '
    FNR == 1 { file++ }
    /^\| `/ {
        key = $2 "|" $3
        if (file == 1) { order[++n] = key; before[key] = $5; beforeRatio[key] = $9 }
        else { after[key] = $5; afterRatio[key] = $9 }
    }
    END {
        print "| address | reader | before: requests/s | before: ratio to static | after: requests/s | after: ratio to static |"
        print "|---|---|---:|---:|---:|---:|"
        for (i = 1; i <= n; i++) {
            k = order[i]
            printf "|%s|%s|%s|%s|%s|\n", k, before[k], beforeRatio[k], (k in after) ? after[k] : " – ", (k in after) ? afterRatio[k] : " – "
        }
    }' "$1" "$2"
