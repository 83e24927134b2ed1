using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Plans;

namespace Beacon.Reliability;

/// <summary>
/// The starting database of every run, made once per database kind and copied for each run: three draft plans of
/// organisations of their own (RELY-A for entries, RELY-B for workflow steps, RELY-C for edits; the DV centre's 2022
/// plan under new codes, no parent), a planner, a reviewer and editors of RELY-A and RELY-C. Made as an operator
/// would: accounts with the <c>beacon</c> command, plans imported through the API.
/// </summary>
public sealed class Fixture
{
    public const int Year = 2022;
    public const string Password = "reliability-harness-2026";
    public const string EntriesOrg = "RELY-A";
    public const string WorkflowOrg = "RELY-B";
    public const string EditsOrg = "RELY-C";

    public const string Planner = "planner@reliability.beacon.tw";
    public static readonly string[] Reviewers = ["reviewer@reliability.beacon.tw"];
    public static readonly string[] EntriesEditors = ["editor.a@reliability.beacon.tw"];
    public const string EditsEditor = "editor.c@reliability.beacon.tw";

    private static readonly ConcurrentDictionary<DatabaseKind, Lazy<Task<HarnessDatabase>>> Templates = new();

    /// <summary>A plan document of the dataset (beside beacon.dll) under another organisation code, with no parent.</summary>
    public static PlanDocument Plan(string org, string file = "TPE-DVPC-2022.json")
    {
        var (document, problems) = PlanJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "plans", file)));
        if (document is null) throw new InvalidOperationException($"{file}: {string.Join("; ", problems)}");
        return document with { Organisation = document.Organisation with { Code = org, Parent = null, Name = document.Organisation.Name + " " + org } };
    }

    /// <summary>A fresh copy of the starting database of this kind (made on first use, then copied).</summary>
    public static async Task<HarnessDatabase> DatabaseAsync(DatabaseKind kind, string folder) =>
        await HarnessDatabase.CreateAsync(kind, await Templates.GetOrAdd(kind, k => new Lazy<Task<HarnessDatabase>>(() => MakeAsync(k, folder))).Value);

    private static async Task<HarnessDatabase> MakeAsync(DatabaseKind kind, string folder)
    {
        var database = await HarnessDatabase.CreateAsync(kind);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => database.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var work = Path.Combine(folder, $"template-{kind}".ToLowerInvariant());
        Directory.CreateDirectory(work);
        // The planner first (the command migrates), then the plans through the API as the planner, then the accounts
        // bound to their organisations: one command after another, as an operator types them.
        await BeaconProcess.CommandAsync(database, work, Password, "users", "add", Planner, "--role", "planner", "--password-stdin");
        await using (var server = await BeaconProcess.StartAsync(database, work))
        using (var planner = await SignInAsync(server.Address, Planner))
            foreach (var org in new[] { EntriesOrg, WorkflowOrg, EditsOrg })
            {
                var imported = await planner.PostAsync("api/import", Json(PlanJson.Write(Plan(org))));
                if (!imported.IsSuccessStatusCode) throw new InvalidOperationException($"import of {org}: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
            }
        var users = new List<string[]>();
        users.AddRange(Reviewers.Select(r => new[] { "users", "add", r, "--role", "reviewer", "--password-stdin" }));
        users.AddRange(EntriesEditors.Select(e => new[] { "users", "add", e, "--role", "agency-editor", "--org", EntriesOrg, "--password-stdin" }));
        users.Add(["users", "add", EditsEditor, "--role", "agency-editor", "--org", EditsOrg, "--password-stdin"]);
        foreach (var args in users) await BeaconProcess.CommandAsync(database, work, Password, args);
        return database;
    }

    /// <summary>A client signed in with a bearer token (POST /api/token), as a script would be.</summary>
    public static async Task<HttpClient> SignInAsync(Uri server, string email, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server,
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        var response = await client.PostAsJsonAsync("api/token", new { email, password = Password });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sign-in of {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
