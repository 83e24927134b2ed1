using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Plans;

namespace Beacon.Reliability;

/// <summary>How many kills, and when: each round kills the server a random time (seeded) after its first write was answered.</summary>
public sealed record FaultOptions(int Rounds, int Seed, int MinDelayMs = 0, int MaxDelayMs = 1000);

/// <summary>
/// Kills the server with SIGKILL while it works — importing whole plans, taking a stream of entries, stepping a plan's
/// workflow, saving multi-row edits (a year's progress values, the evaluation settings) — then restarts it and checks
/// that the database opens and passes its integrity checks, that nothing is half there (an import or an edit is
/// wholly in or wholly out), and that every write answered 2xx before the kill is there. Each round runs one kind of
/// work; the writes in flight at the kill may land or not, but only whole.
/// </summary>
public static class FaultRun
{
    private enum Work { Import, Entries, Workflow, Edit }

    public static async Task<RunReport> RunAsync(DatabaseKind kind, FaultOptions options, string folder, TextWriter log)
    {
        var report = new RunReport("faults", kind, options.Seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(options.Seed);
        await using var database = await Fixture.DatabaseAsync(kind, folder);
        var port = BeaconProcess.FreePort();
        var server = await BeaconProcess.StartAsync(database, folder, port: port);
        var tokens = new Tokens(server.Address);
        var state = new State();
        long kills = 0, inFlightAtKill = 0, acknowledged = 0, restarts = 0;
        try
        {
            for (var round = 0; round < options.Rounds; round++)
            {
                var work = (Work)(round % 4);
                var delay = random.Next(options.MinDelayMs, options.MaxDelayMs + 1);
                using var stop = new CancellationTokenSource();
                var ledger = new Ledger();
                var running = work switch
                {
                    Work.Import => ImportAsync(tokens, state, round, ledger, stop.Token),
                    Work.Entries => EntriesAsync(tokens, state, round, random.Next(), ledger, stop.Token),
                    Work.Workflow => WorkflowAsync(tokens, state, round, random.Next(), ledger, stop.Token),
                    _ => EditAsync(tokens, state, round, ledger, stop.Token),
                };
                // The clock starts once the first write is answered, so a slow start (signing in, a server just started) does
                // not eat the delay and the kill falls among the writes that follow.
                await Task.WhenAny(ledger.FirstAnswered, running, Task.Delay(TimeSpan.FromMinutes(2)));
                await Task.Delay(delay);
                var flying = ledger.InFlight;
                await server.KillAsync();
                kills++;
                if (flying > 0) inFlightAtKill++;
                await stop.CancelAsync();
                try { await running; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or IOException) { }
                catch (Exception e) { report.Violation($"round {round} ({work}): the work failed before the kill: {e.GetType().Name}: {e.Message}"); }

                server = await BeaconProcess.StartAsync(database, folder, port: port);
                restarts++;
                tokens = tokens.On(server.Address);
                if (await database.IntegrityAsync() is var integrity && integrity != "ok")
                    report.Violation($"round {round} ({work}): after the restart the database fails its check: {integrity}");
                acknowledged += ledger.Acknowledged;
                foreach (var problem in await VerifyAsync(work, tokens, state, ledger))
                    report.Violation($"round {round} ({work}, killed {delay} ms in, {ledger.Acknowledged} writes answered 2xx): {problem}");
                await log.WriteLineAsync($"faults {kind} round {round + 1}/{options.Rounds}: {work}, killed after {delay} ms, " +
                    $"{ledger.Acknowledged} writes answered 2xx, {flying} in flight");
            }
        }
        finally
        {
            await server.StopAsync();
        }
        report.Elapsed = clock.Elapsed;
        report.Figure("kills (SIGKILL)", kills);
        report.Figure("kills with a write in flight", inFlightAtKill);
        report.Figure("restarts that opened the database", restarts);
        report.Figure("writes answered 2xx before a kill", acknowledged);
        report.Figure("  of them missing after the restart", report.Violations.Count(v => v.Contains("missing", StringComparison.Ordinal)));
        report.Figure("imports checked whole", state.ImportsChecked);
        report.Figure("entries checked", state.EntriesChecked);
        report.Figure("workflow steps checked", state.StepsChecked);
        report.Figure("edits checked whole", state.EditsChecked);
        return report;
    }

    /// <summary>Bearer tokens, signed in once: the key ring is in the database, so they outlive every restart.</summary>
    private sealed class Tokens(Uri server)
    {
        private readonly Dictionary<string, string> tokens = new(StringComparer.Ordinal);

        public Tokens On(Uri address)
        {
            var moved = new Tokens(address);
            foreach (var (email, token) in tokens) moved.tokens[email] = token;
            return moved;
        }

        public async Task<HttpClient> ClientAsync(string email)
        {
            if (!tokens.TryGetValue(email, out var token))
            {
                using var signIn = await Fixture.SignInAsync(server, email);
                tokens[email] = token = signIn.DefaultRequestHeaders.Authorization!.Parameter!;
            }
            var client = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
            return client;
        }
    }

    /// <summary>What one round sent: writes answered 2xx, and writes sent whose answer never came.</summary>
    private sealed class Ledger
    {
        private readonly TaskCompletionSource first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int acknowledged;
        private int inFlight;
        public int Acknowledged => Volatile.Read(ref acknowledged);
        public int InFlight => Volatile.Read(ref inFlight);
        public Task FirstAnswered => first.Task;
        public void Sent() => Interlocked.Increment(ref inFlight);
        public void Answered(bool ok)
        {
            Interlocked.Decrement(ref inFlight);
            if (ok) Interlocked.Increment(ref acknowledged);
            first.TrySetResult();
        }
    }

    /// <summary>What the database must hold, carried from round to round: for each thing written, the last acknowledged value and the one in flight.</summary>
    private sealed class State
    {
        public readonly Dictionary<string, string> Imported = new(StringComparer.Ordinal);   // org → document JSON, acknowledged
        public readonly Dictionary<string, string> ImportInFlight = new(StringComparer.Ordinal);
        public (string Json, string? InFlight) Replaced = ("", null);
        public readonly Dictionary<string, (int Version, string? Text, decimal? Score)> Entries = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (int Version, string Text, decimal Score)> EntryInFlight = new(StringComparer.Ordinal);
        public readonly List<string> Steps = [];
        public (int Version, string Comment)? StepInFlight;
        public string? ProgressKpi;
        public (int Version, string? Value) Progress = (-1, null);
        public (int Version, string Value)? ProgressInFlight;
        public (int Version, decimal Excellent) Settings = (-1, 0);
        public (int Version, decimal Excellent)? SettingsInFlight;
        public long ImportsChecked, EntriesChecked, StepsChecked, EditsChecked;
    }

    private const string ReplacedOrg = "FAULT-R";

    /// <summary>The city's 2021 plan (162 KPIs), the largest of the dataset: the import most likely to be cut in the middle.</summary>
    private const string BigPlan = "TPE-2021.json";
    private const int BigYear = 2021;

    private static async Task ImportAsync(Tokens tokens, State state, int round, Ledger ledger, CancellationToken ct)
    {
        using var planner = await tokens.ClientAsync(Fixture.Planner);
        var big = Fixture.Plan("X", BigPlan);
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            if (n % 3 == 2)
            {
                // Replacing a whole plan: afterwards it is the old document or the new one, never a mixture.
                var replace = Fixture.Plan(ReplacedOrg) with { Vision = $"round {round} replacement {n}" };
                var json = PlanJson.Write(replace);
                var exists = state.Replaced.Json.Length > 0;
                state.Replaced.InFlight = json;
                ledger.Sent();
                var response = await planner.PostAsync($"api/import?replace={(exists ? "true" : "false")}", Fixture.Json(json), ct);
                ledger.Answered(response.IsSuccessStatusCode);
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"replacing {ReplacedOrg}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                state.Replaced = (json, null);
                continue;
            }
            var org = $"FAULT-{round}-{n}";
            var document = PlanJson.Write(big with { Organisation = big.Organisation with { Code = org, Name = "故障測試 " + org } });
            state.ImportInFlight[org] = document;
            ledger.Sent();
            var imported = await planner.PostAsync("api/import", Fixture.Json(document), ct);
            ledger.Answered(imported.IsSuccessStatusCode);
            if (!imported.IsSuccessStatusCode) throw new InvalidOperationException($"importing {org}: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync(ct)}");
            state.ImportInFlight.Remove(org);
            state.Imported[org] = document;
        }
    }

    private static async Task EntriesAsync(Tokens tokens, State state, int round, int seed, Ledger ledger, CancellationToken ct)
    {
        using var reader = await tokens.ClientAsync(Fixture.EntriesEditors[0]);
        var rows = await Api.EvaluationAsync(reader, Fixture.EntriesOrg, ct);
        var kpis = rows.Keys.Order(StringComparer.Ordinal).Take(6).ToList();
        foreach (var code in kpis)
            if (!state.Entries.ContainsKey(code)) state.Entries[code] = (rows[code].Version, rows[code].SelfText, rows[code].SelfInnovation);
        // Two writers (two sessions of the editor), each with KPIs of their own, so each KPI has one writer and at most
        // one write in flight.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(async worker =>
        {
            using var client = await tokens.ClientAsync(Fixture.EntriesEditors[0]);
            var mine = kpis.Where((_, i) => i % 2 == worker).ToList();
            var random = new Random(seed + worker);
            for (var n = 0; !ct.IsCancellationRequested; n++)
            {
                var code = mine[n % mine.Count];
                var (version, _, _) = state.Entries[code];
                var score = random.Next(0, 101);
                var text = $"round {round} editor {worker} entry {n}";
                lock (state) state.EntryInFlight[code] = (version + 1, text, score);
                ledger.Sent();
                var response = await client.PutAsync($"{Api.PlanPath(Fixture.EntriesOrg)}/kpis/{code}/self",
                    Fixture.Json($$"""{"innovation":{{score}},"challenge":{{score}},"contribution":{{score}},"explanation":"{{text}}","version":{{version}}}"""), ct);
                ledger.Answered(response.StatusCode == HttpStatusCode.NoContent);
                if (response.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"self-assessment of {code}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                lock (state)
                {
                    state.EntryInFlight.Remove(code);
                    state.Entries[code] = (version + 1, text, score);
                }
            }
        }));
    }

    private static async Task WorkflowAsync(Tokens tokens, State state, int round, int seed, Ledger ledger, CancellationToken ct)
    {
        using var planner = await tokens.ClientAsync(Fixture.Planner);
        var random = new Random(seed);
        var workflow = await Api.WorkflowAsync(planner, Fixture.WorkflowOrg, ct);
        var (status, version) = (workflow.Status, workflow.Version);
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var (action, _) = Api.NextStep(status, random);
            var comment = $"round {round} step {n}";
            state.StepInFlight = (version + 1, comment);
            ledger.Sent();
            var response = await planner.PostAsync($"{Api.PlanPath(Fixture.WorkflowOrg)}/workflow/{action}",
                Fixture.Json($$"""{"comment":"{{comment}}","version":{{version}}}"""), ct);
            ledger.Answered(response.StatusCode == HttpStatusCode.NoContent);
            if (response.StatusCode != HttpStatusCode.NoContent)
                throw new InvalidOperationException($"{action} from {status}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            state.StepInFlight = null;
            state.Steps.Add(comment);
            version++;
            status = (await Api.WorkflowAsync(planner, Fixture.WorkflowOrg, ct)).Status;
        }
    }

    private static readonly string[] Months = [.. Enumerable.Range(1, 12).Select(m => $"M{m}")];

    private static async Task EditAsync(Tokens tokens, State state, int round, Ledger ledger, CancellationToken ct)
    {
        using var editor = await tokens.ClientAsync(Fixture.EditsEditor);
        using var planner = await tokens.ClientAsync(Fixture.Planner);
        var rows = await Api.EvaluationAsync(editor, Fixture.EditsOrg, ct);
        if (state.ProgressKpi is null)
        {
            // The first KPI that takes a plain number as its progress value (formula KPIs take inputs instead).
            foreach (var row in rows.Values)
            {
                var trial = await editor.PutAsync($"{Api.PlanPath(Fixture.EditsOrg)}/kpis/{row.Code}/progress",
                    Fixture.Json($$"""{"values":{{Progress("0")}},"version":{{row.Version}}}"""), ct);
                if (trial.StatusCode != HttpStatusCode.NoContent) continue;
                state.ProgressKpi = row.Code;
                state.Progress = (row.Version + 1, "0");
                break;
            }
            if (state.ProgressKpi is null) throw new InvalidOperationException($"no KPI of {Fixture.EditsOrg} takes progress values");
        }
        if (state.Settings.Version < 0) state.Settings = (await Api.SettingsVersionAsync(planner, Fixture.EditsOrg, ct), -1);
        var progress = Task.Run(async () =>
        {
            for (var n = 1; !ct.IsCancellationRequested; n++)
            {
                var value = (round * 1000 + n).ToString(CultureInfo.InvariantCulture);
                var version = state.Progress.Version;
                state.ProgressInFlight = (version + 1, value);
                ledger.Sent();
                var response = await editor.PutAsync($"{Api.PlanPath(Fixture.EditsOrg)}/kpis/{state.ProgressKpi}/progress",
                    Fixture.Json($$"""{"values":{{Progress(value)}},"version":{{version}}}"""), ct);
                ledger.Answered(response.StatusCode == HttpStatusCode.NoContent);
                if (response.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"progress of {state.ProgressKpi}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                state.ProgressInFlight = null;
                state.Progress = (version + 1, value);
            }
        }, ct);
        var settings = Task.Run(async () =>
        {
            for (var n = 1; !ct.IsCancellationRequested; n++)
            {
                var excellent = 90m + (round * 7 + n) % 10;
                var version = state.Settings.Version;
                state.SettingsInFlight = (version + 1, excellent);
                ledger.Sent();
                var response = await planner.PutAsync($"{Api.PlanPath(Fixture.EditsOrg)}/evaluation/settings", Fixture.Json($$"""
                    {"weights":{"achievement":0.4,"innovation":0.2,"challenge":0.2,"contribution":0.2},"bands":{"excellent":{{excellent}},"good":80,"fair":70},"bandRule":"proportional","version":{{version}}}
                    """), ct);
                ledger.Answered(response.StatusCode == HttpStatusCode.NoContent);
                if (response.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"settings: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                state.SettingsInFlight = null;
                state.Settings = (version + 1, excellent);
            }
        }, ct);
        await Task.WhenAll(progress, settings);
    }

    private static string Progress(string value) => "{" + string.Join(",", Months.Select(m => $"\"{m}\":{{\"value\":\"{value}\"}}")) + "}";

    private static async Task<List<string>> VerifyAsync(Work work, Tokens tokens, State state, Ledger ledger)
    {
        var problems = new List<string>();
        using var planner = await tokens.ClientAsync(Fixture.Planner);
        switch (work)
        {
            case Work.Import:
                foreach (var (org, json) in state.Imported)
                {
                    var stored = await ExportAsync(planner, org, BigYear);
                    if (stored is null) problems.Add($"the import of {org} was answered 200 and is missing");
                    else if (stored != json) problems.Add($"{org} is not the document imported (half there?)");
                    else state.ImportsChecked++;
                }
                foreach (var (org, json) in state.ImportInFlight)
                {
                    var stored = await ExportAsync(planner, org, BigYear);
                    if (stored is not null && stored != json) problems.Add($"{org}, imported as the server was killed, is half there");
                    if (stored is not null) state.Imported[org] = json;
                    state.ImportsChecked++;
                }
                state.ImportInFlight.Clear();
                if (state.Replaced.Json.Length > 0 || state.Replaced.InFlight is not null)
                {
                    var stored = await ExportAsync(planner, ReplacedOrg);
                    if (stored == state.Replaced.Json || (stored is not null && stored == state.Replaced.InFlight)) state.ImportsChecked++;
                    else if (stored is null && state.Replaced.Json.Length == 0) { }
                    else problems.Add($"{ReplacedOrg} is neither the last replacement answered 200 nor the one in flight");
                    if (stored is not null) state.Replaced = (stored, null);
                }
                state.Imported.Clear(); // checked; the next import round starts a list of its own
                break;
            case Work.Entries:
                var rows = await Api.EvaluationAsync(planner, Fixture.EntriesOrg);
                foreach (var (code, expected) in state.Entries.ToList())
                {
                    var row = rows[code];
                    var flying = state.EntryInFlight.TryGetValue(code, out var f) ? f : ((int, string, decimal)?)null;
                    if (row.Version == expected.Version && row.SelfText == expected.Text && row.SelfInnovation == expected.Score) { }
                    else if (flying is { } g && row.Version == g.Item1 && row.SelfText == g.Item2 && row.SelfInnovation == g.Item3) { }
                    else if (row.Version < expected.Version)
                        problems.Add($"{code}: the entry answered 204 (version {expected.Version}, «{expected.Text}») is missing: the KPI is at version {row.Version}");
                    else problems.Add($"{code}: version {row.Version} holds «{row.SelfText}» {row.SelfInnovation}, which no write sent as a whole");
                    state.Entries[code] = (row.Version, row.SelfText, row.SelfInnovation);
                    state.EntriesChecked++;
                }
                state.EntryInFlight.Clear();
                break;
            case Work.Workflow:
                var workflow = await Api.WorkflowAsync(planner, Fixture.WorkflowOrg);
                var comments = workflow.Steps.Select(s => s.Comment).ToList();
                var expectedSteps = state.Steps.Count;
                if (state.StepInFlight is { } step && comments.Count == expectedSteps + 1 && comments[^1] == step.Comment) state.Steps.Add(step.Comment);
                if (!comments.SequenceEqual(state.Steps))
                    problems.Add($"the history has {comments.Count} steps, {state.Steps.Count} were answered 204 (or in flight and landed): missing or extra steps");
                if (workflow.Version != 1 + comments.Count) problems.Add($"the plan is at version {workflow.Version} after {comments.Count} steps: a step is half there");
                if (workflow.Steps.Count > 0 && workflow.Steps[^1].To != workflow.Status) problems.Add($"the status is {workflow.Status}, the last step went to {workflow.Steps[^1].To}");
                state.StepsChecked += comments.Count;
                state.StepInFlight = null;
                break;
            default:
                if (state.ProgressKpi is null) break; // killed before the first edit
                var document = await ExportAsync(planner, Fixture.EditsOrg);
                var values = document is null ? [] : PlanJson.Read(document).Document!.Objectives.SelectMany(o => o.Kpis).Single(k => k.Code == state.ProgressKpi)
                    .Values.Where(v => v.Year == Fixture.Year && v.Period is not null && v.Kind == ValueKind.Actual).ToList();
                var distinct = values.Select(v => v.Text).Distinct().ToList();
                if (values.Count != 12 || distinct.Count != 1) problems.Add($"{state.ProgressKpi}'s progress values are half there: {string.Join(", ", values.Select(v => $"{v.Period}={v.Text}"))}");
                else if (distinct[0] == state.Progress.Value || distinct[0] == state.ProgressInFlight?.Value) state.EditsChecked++;
                else problems.Add($"{state.ProgressKpi}'s progress values are {distinct[0]}: the last answered 204 was {state.Progress.Value} (missing)");
                var progressVersion = (await Api.EvaluationAsync(planner, Fixture.EditsOrg))[state.ProgressKpi!].Version;
                state.Progress = (progressVersion, distinct.FirstOrDefault());
                state.ProgressInFlight = null;
                var evaluation = await planner.GetFromJsonAsync<JsonElement>($"{Api.PlanPath(Fixture.EditsOrg)}/evaluation");
                var (settingsVersion, excellent) = (evaluation.GetProperty("settingsVersion").GetInt32(), evaluation.GetProperty("settings").GetProperty("bands").GetProperty("excellent").GetDecimal());
                if ((settingsVersion, excellent) == state.Settings || (settingsVersion, excellent) == state.SettingsInFlight || state.Settings.Excellent < 0 && settingsVersion == state.Settings.Version) state.EditsChecked++;
                else if (settingsVersion < state.Settings.Version) problems.Add($"the settings answered 204 at version {state.Settings.Version} are missing: version {settingsVersion}");
                else problems.Add($"the settings are version {settingsVersion} with excellent {excellent}, which no write sent");
                state.Settings = (settingsVersion, excellent);
                state.SettingsInFlight = null;
                break;
        }
        _ = ledger;
        return problems;
    }

    private static async Task<string?> ExportAsync(HttpClient client, string org, int year = Fixture.Year)
    {
        var response = await client.GetAsync($"api/orgs/{org}/plans/{year}");
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
