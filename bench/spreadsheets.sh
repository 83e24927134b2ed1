#!/usr/bin/env bash
# How long the preview of a 2,000-row entry sheet takes through the API (POST …/entry-sheet?dryRun=true).
#
#   bash bench/spreadsheets.sh [runs]      (default 3 runs of each upload; prints the median)
#
# Builds the app (Release), makes a fresh SQLite database with a plan of 2,010 KPIs (家防中心's 2022 plan with each
# objective's first KPI repeated under new codes, imported with the command line), an administrator and a bearer
# token, then times: the XLSX template of all 2,010 rows downloaded; that file uploaded unchanged (read, compared,
# nothing to check); and a CSV sheet changing every KPI's three scores (read, compared, and 2,010 self-assessments
# checked by the entry rules in a dry run). Stops the server at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-3}
port=${BENCH_PORT:-5398}
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }; rm -rf "$work"' EXIT

dotnet build -c Release src/Beacon.Web -v quiet -nologo >/dev/null
beacon=src/Beacon.Web/bin/Release/net10.0/beacon
export Database__Path="$work/bench.db" Demo__Enabled=false Logging__LogLevel__Default=Warning

python3 - "$work/plan.json" <<'PY'
import copy, json, sys
plan = json.load(open("data/plans/TPE-DVPC-2022.json", encoding="utf-8"))
plan["organisation"]["code"] = "BENCH-SHEET"
per = 134                                   # 15 objectives × 134 KPIs = 2,010
for objective in plan["objectives"]:
    first = objective["kpis"][0]
    kpis = []
    for n in range(1, per + 1):
        kpi = copy.deepcopy(first)
        kpi["code"] = f"{objective['code']}.{n}"
        kpi["name"] = f"{first['name']} {n}"
        kpi["actionPlans"] = [] if n > 1 else kpi["actionPlans"]
        for i, action in enumerate(kpi["actionPlans"], 1):
            action["code"] = f"{kpi['code']}.{i}"
        kpis.append(kpi)
    objective["kpis"] = kpis
plan["links"] = []
json.dump(plan, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
# The command line takes the command first; run from the project folder, whose appsettings.json it reads.
(cd src/Beacon.Web && "../../$beacon" import "$work/plan.json" >/dev/null)
(cd src/Beacon.Web && echo "bench-password-2026" | "../../$beacon" users add bench@example.tw --role administrator --password-stdin >/dev/null)

"$beacon" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Beacon.Web" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/api/orgs" && break; sleep 0.5; done
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"bench@example.tw","password":"bench-password-2026"}' "$base/api/token" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')
auth=(-H "Authorization: Bearer $token")
api="$base/api/orgs/BENCH-SHEET/plans/2022"

curl -sf "${auth[@]}" "$api/evaluation" >"$work/evaluation.json"
python3 - "$work/evaluation.json" >"$work/scores.csv" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))["rows"]
print("代碼,創新度,挑戰度,貢獻度,版本")
for r in rows:
    print("%s,81,82,83,%d" % (r["code"], r["version"]))
PY
echo "KPIs in the plan: $(( $(wc -l <"$work/scores.csv") - 1 ))"

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
time_it() { # label, then curl arguments → median seconds, status of the last run
    local label=$1 times=() code=; shift
    for _ in $(seq 1 "$runs"); do
        read -r t code < <(curl -s -o "$work/answer" -w '%{time_total} %{http_code}\n' "${auth[@]}" "$@")
        times+=("$t")
    done
    printf '%-58s %6.3f s  (HTTP %s, %s bytes answered)\n' "$label" "$(printf '%s\n' "${times[@]}" | median)" "$code" "$(wc -c <"$work/answer")"
}

time_it "GET entry-sheet.xlsx (2,010 rows)" "$api/entry-sheet.xlsx"
cp "$work/answer" "$work/template.xlsx"
time_it "POST the XLSX unchanged, dryRun (read and compare)" -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
    --data-binary "@$work/template.xlsx" "$api/entry-sheet?dryRun=true"
time_it "POST a CSV changing 2,010 KPIs' scores, dryRun" -H "Content-Type: text/csv" --data-binary "@$work/scores.csv" "$api/entry-sheet?dryRun=true"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("changes previewed:", len(d.get("changes", [])), "| problems:", len(d.get("errors", [])))' "$work/answer"
awk '/^VmHWM:/ { print "server peak resident set:", int($2 / 1024), "MB" }' "/proc/$server/status"
