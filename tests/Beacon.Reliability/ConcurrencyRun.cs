using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Beacon.Reliability;

/// <summary>How many people, for how long, on how many KPIs (fewer KPIs: more collisions).</summary>
public sealed record ConcurrencyOptions(int Writers, TimeSpan Duration, int Seed, int Kpis = 8);

/// <summary>
/// Many people on one plan at once for a bounded time: agency editors entering self-assessments and actuals, reviewers
/// reviewing, and a planner moving the plan between draft and review so that both kinds of write meet both statuses.
/// Each reads the KPI's version and writes with it. Afterwards: every answer was 2xx or 409 (a 409 a problem document);
/// for each KPI the accepted writes form one chain of versions (two accepted from the same version would be a lost
/// update); the final state is the last accepted write of each kind; and the audit trail has an entry for every
/// accepted write and step.
/// </summary>
public static class ConcurrencyRun
{
    private sealed record Accepted(string Kpi, string Kind, int Version, string Marker, long Order);

    private sealed record Answer(string Kind, int Status, bool Problem, string Title);

    public static async Task<RunReport> RunAsync(DatabaseKind kind, ConcurrencyOptions options, string folder, TextWriter log)
    {
        var report = new RunReport("concurrency", kind, options.Seed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var database = await Fixture.DatabaseAsync(kind, folder);
        await using var server = await BeaconProcess.StartAsync(database, folder);
        var org = Fixture.EntriesOrg;
        var path = Api.PlanPath(org);
        var tokens = new Dictionary<string, HttpClient>(StringComparer.Ordinal);
        foreach (var email in Fixture.EntriesEditors.Concat(Fixture.Reviewers).Append(Fixture.Planner))
            tokens[email] = await Fixture.SignInAsync(server.Address, email);
        var kpis = (await Api.EvaluationAsync(tokens[Fixture.Planner], org)).Keys.Order(StringComparer.Ordinal).Take(options.Kpis).ToList();
        // Actuals go to the KPIs that take a plain number (formula KPIs take inputs, KPIs in parts a value per part):
        // found before the run by one write each.
        var numeric = new HashSet<string>(StringComparer.Ordinal);
        var editor = tokens[Fixture.EntriesEditors[0]];
        foreach (var (code, row) in await Api.EvaluationAsync(editor, org))
            if (kpis.Contains(code) && (await editor.PutAsync($"{path}/kpis/{code}/actual", Fixture.Json($$"""{"value":"1","version":{{row.Version}}}"""))).StatusCode == HttpStatusCode.NoContent)
                numeric.Add(code);
        var start = await Api.EvaluationAsync(tokens[Fixture.Planner], org);
        var accepted = new ConcurrentBag<Accepted>();
        var answers = new ConcurrentBag<Answer>();
        var steps = new ConcurrentBag<(string Comment, int Version)>();
        long order = 0;
        var deadline = DateTime.UtcNow + options.Duration;
        var reviewers = Math.Max(1, options.Writers / 3);
        var editors = options.Writers - reviewers - 1;

        async Task PersonAsync(int person, string role)
        {
            var random = new Random(options.Seed * 1000 + person);
            var client = role switch
            {
                "planner" => tokens[Fixture.Planner],
                "reviewer" => tokens[Fixture.Reviewers[person % Fixture.Reviewers.Length]],
                _ => tokens[Fixture.EntriesEditors[person % Fixture.EntriesEditors.Length]],
            };
            for (var n = 0; DateTime.UtcNow < deadline; n++)
            {
                if (role == "planner")
                {
                    await Task.Delay(random.Next(150, 600));
                    var workflow = await Api.WorkflowAsync(client, org);
                    var (action, _) = Api.NextStep(workflow.Status, random);
                    if (action == "approve") action = "return";
                    var comment = $"step {n}";
                    var step = await client.PostAsync($"{path}/workflow/{action}", Fixture.Json($$"""{"comment":"{{comment}}","version":{{workflow.Version}}}"""));
                    answers.Add(await AnswerAsync("step", step));
                    if (step.StatusCode == HttpStatusCode.NoContent) steps.Add((comment, workflow.Version + 1));
                    continue;
                }
                var code = kpis[random.Next(kpis.Count)];
                var rows = await Api.EvaluationAsync(client, org);
                var version = rows[code].Version;
                // A moment between reading and writing, as a person has: others write meanwhile.
                await Task.Delay(random.Next(0, 30));
                var marker = $"p{person}n{n}";
                string what, body;
                if (role == "reviewer")
                    (what, body) = ("review", $$"""{"innovation":{{random.Next(101)}},"challenge":50,"contribution":50,"comment":"{{marker}}","version":{{version}}}""");
                else if (random.Next(3) == 0 && numeric.Contains(code))
                {
                    marker = (person * 100_000 + n).ToString(CultureInfo.InvariantCulture);
                    (what, body) = ("actual", $$"""{"value":"{{marker}}","version":{{version}}}""");
                }
                else (what, body) = ("self", $$"""{"innovation":{{random.Next(101)}},"challenge":60,"contribution":70,"explanation":"{{marker}}","version":{{version}}}""");
                var response = await client.PutAsync($"{path}/kpis/{code}/{what}", Fixture.Json(body));
                answers.Add(await AnswerAsync(what, response));
                if (response.StatusCode == HttpStatusCode.NoContent)
                    accepted.Add(new Accepted(code, what, version + 1, marker, Interlocked.Increment(ref order)));
            }
        }

        var people = new List<Task> { PersonAsync(0, "planner") };
        for (var p = 1; p <= reviewers; p++) people.Add(PersonAsync(p, "reviewer"));
        for (var p = reviewers + 1; p <= reviewers + editors; p++) people.Add(PersonAsync(p, "editor"));
        try { await Task.WhenAll(people); }
        catch (Exception e) { report.Violation($"a writer stopped: {e.GetType().Name}: {e.Message}"); }
        await log.WriteLineAsync($"concurrency {kind}: {people.Count} people for {options.Duration.TotalSeconds:0} s, {answers.Count} writes, checking");

        // Every answer: 204, or 409 as a problem document. Nothing else — except 503 (a problem document too) when the
        // database could not answer within its timeout on a machine overloaded far past its cores; such a write must
        // then not be there, which the version chain below checks.
        foreach (var wrong in answers.Where(a => a.Status is not (204 or 409 or 503)).GroupBy(a => (a.Kind, a.Status)))
            report.Violation($"{wrong.Count()} {wrong.Key.Kind} writes answered {wrong.Key.Status}: {wrong.First().Title}");
        foreach (var refused in answers.Where(a => a.Status is 409 or 503 && !a.Problem).Take(5))
            report.Violation($"a {refused.Status} to a {refused.Kind} write is not a problem document");

        // One chain of versions per KPI; the final state is the last accepted write of each kind.
        var final = await Api.EvaluationAsync(tokens[Fixture.Planner], org);
        long lost = 0;
        foreach (var code in kpis)
        {
            var chain = accepted.Where(a => a.Kpi == code).OrderBy(a => a.Version).ToList();
            var first = start[code].Version;
            for (var i = 0; i < chain.Count; i++)
                if (chain[i].Version != first + i + 1)
                {
                    report.Violation($"{code}: accepted writes give versions {string.Join(",", chain.Select(a => a.Version))} from {first}: two writes accepted from one version (a lost update)");
                    break;
                }
            if (final[code].Version != first + chain.Count)
                report.Violation($"{code}: version {final[code].Version} after {chain.Count} accepted writes from version {first}");
            foreach (var (what, actual) in new[] { ("self", final[code].SelfText), ("review", final[code].ReviewText), ("actual", final[code].Actual) })
            {
                var last = chain.LastOrDefault(a => a.Kind == what);
                if (last is null) continue;
                if (actual != last.Marker)
                {
                    lost++;
                    report.Violation($"{code}: the last {what} accepted (version {last.Version}, «{last.Marker}») is not in the final state («{actual}»)");
                }
            }
        }

        // The audit trail: one KpiAssessment entry per accepted write, naming its version; one Plan entry per step.
        var audit = await AuditAsync(tokens[Fixture.Planner], org);
        // Entries about the run's own writes: those that raised a KPI past the version it had when the run began.
        var assessments = audit.Where(e => e.Entity == "KpiAssessment" && start.TryGetValue(e.Code, out var before) && Version(e.NewValues) > before.Version).ToList();
        var audited = assessments.Select(e => (e.Code, Version(e.NewValues))).ToHashSet();
        foreach (var write in accepted.Where(a => !audited.Contains((a.Kpi, a.Version))))
        {
            lost++;
            report.Violation($"{write.Kpi}: the {write.Kind} accepted at version {write.Version} has no audit entry");
        }
        if (assessments.Count != accepted.Count)
            report.Violation($"{assessments.Count} audit entries of assessments for {accepted.Count} accepted writes");
        var stepEntries = audit.Count(e => e.Entity == "Plan" && e.NewValues.Contains("\"Step\"", StringComparison.Ordinal));
        if (stepEntries != steps.Count) report.Violation($"{stepEntries} audited workflow steps for {steps.Count} accepted");

        foreach (var client in tokens.Values) client.Dispose();
        report.Elapsed = clock.Elapsed;
        report.Figure("people writing at once", people.Count);
        report.Figure("  editors, reviewers, planner", $"{editors}, {reviewers}, 1");
        report.Figure("seconds", (long)options.Duration.TotalSeconds);
        report.Figure("KPIs written", kpis.Count);
        report.Figure("  of them taking actuals", numeric.Count);
        report.Figure("writes sent", answers.Count);
        report.Figure("writes accepted (204)", answers.Count(a => a.Status == 204));
        report.Figure("conflicts (409)", answers.Count(a => a.Status == 409));
        report.Figure("  stale version", answers.Count(a => a.Status == 409 && a.Title.Contains("changed by someone else", StringComparison.Ordinal)));
        report.Figure("  status does not allow it", answers.Count(a => a.Status == 409 && !a.Title.Contains("changed by someone else", StringComparison.Ordinal)));
        report.Figure("database busy (503, not saved)", answers.Count(a => a.Status == 503));
        report.Figure("other answers", answers.Count(a => a.Status is not (204 or 409 or 503)));
        report.Figure("workflow steps accepted", steps.Count);
        report.Figure("audit entries checked", assessments.Count + stepEntries);
        report.Figure("lost updates", lost + report.Violations.Count(v => v.Contains("lost update", StringComparison.Ordinal)));
        return report;
    }

    private static async Task<Answer> AnswerAsync(string kind, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        var title = "";
        if (problem)
            try { title = JsonDocument.Parse(text).RootElement.GetProperty("title").GetString() ?? ""; }
            catch (JsonException) { problem = false; }
        return new Answer(kind, (int)response.StatusCode, problem, problem ? title : text.Length > 200 ? text[..200] : text);
    }

    private sealed record AuditEntry(string Entity, string Code, string NewValues);

    /// <summary>The plan's audit trail, from the CSV export of /audit (as a planner downloads it).</summary>
    private static async Task<List<AuditEntry>> AuditAsync(HttpClient client, string org)
    {
        var csv = await client.GetStringAsync($"audit/export.csv?org={org}&year={Fixture.Year}");
        var rows = Csv(csv.TrimStart('\uFEFF'));
        var header = rows[0];
        int Column(string name) => header.IndexOf(name);
        return [.. rows.Skip(1).Where(r => r.Count == header.Count).Select(r => new AuditEntry(r[Column("entity")], r[Column("code")], r[Column("newValues")]))];
    }

    private static int Version(string json)
    {
        if (string.IsNullOrEmpty(json)) return -1;
        using var values = JsonDocument.Parse(json);
        return values.RootElement.TryGetProperty("Version", out var version) ? version.GetInt32() : -1;
    }

    /// <summary>RFC 4180: quoted fields with doubled quotes, commas and line breaks inside.</summary>
    private static List<List<string>> Csv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }
}
