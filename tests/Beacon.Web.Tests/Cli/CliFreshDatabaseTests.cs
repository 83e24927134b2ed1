using System.Diagnostics;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Tests.Cli;

/// <summary>
/// The <c>beacon</c> command run as its own process on a database of its own, as on a fresh clone: it migrates and
/// loads the Taipei dataset as the web app does (Dataset:Load), each dataset plan that is missing and was never loaded.
/// </summary>
public abstract class CliFreshDatabaseTests(DatabaseKind kind) : IAsyncLifetime
{
    private TestDatabase database = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("beacon-cli-fresh-").FullName;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync(kind);

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Export_on_a_fresh_database_gives_the_dataset_file()
    {
        var (exit, output, error) = await BeaconAsync([], "export", "TPE", "2021");

        Assert.True(exit == 0, error);
        Assert.Equal(await File.ReadAllTextAsync(Dataset.PathOf("TPE-2021.json")), output);
    }

    [Fact]
    public async Task The_dataset_loads_though_the_first_plan_was_someone_elses_and_a_deleted_dataset_plan_stays_deleted()
    {
        // Someone's own plan first, with the dataset switched off: a database that holds a plan but no dataset.
        var own = Dataset.NewPlan() with { Organisation = Dataset.NewPlan().Organisation with { Parent = null } };
        var file = Path.Combine(folder, "own.json");
        await File.WriteAllBytesAsync(file, PlanJson.WriteUtf8(own));
        var first = await BeaconAsync(new() { ["Dataset__Load"] = "false" }, "import", file);
        Assert.True(first.Exit == 0, first.Error);
        Assert.Equal(1, await PlanCountAsync());

        var export = await BeaconAsync([], "export", "TPE-DVPC", "2022");

        Assert.True(export.Exit == 0, export.Error);
        Assert.Equal(await File.ReadAllTextAsync(Dataset.PathOf("TPE-DVPC-2022.json")), export.Output);
        Assert.Equal(1 + Dataset.FileNames.Count, await PlanCountAsync());

        // A dataset plan deleted on purpose is not loaded again.
        await using (var db = database.CreateContext())
            await db.Plans.Where(p => p.Organisation.Code == "TPE" && p.Year == 2018).ExecuteDeleteAsync();
        var again = await BeaconAsync([], "export", "TPE", "2018");
        Assert.Equal(1, again.Exit);
        Assert.Contains("no plan for TPE 2018", again.Error);
        Assert.Equal(Dataset.FileNames.Count, await PlanCountAsync());
    }

    [Fact]
    public async Task A_typo_in_an_option_on_a_fresh_database_creates_nothing()
    {
        var file = Path.Combine(folder, "plan.json");
        await File.WriteAllBytesAsync(file, PlanJson.WriteUtf8(Dataset.NewPlan()));

        var (exit, _, error) = await BeaconAsync([], "import", file, "--dryrun");

        Assert.Equal(2, exit);
        Assert.Contains("unknown option '--dryrun'", error);
        if (database.SqlitePath is { } path) Assert.False(File.Exists(path), "the database file was created");
        else
        {
            await using var db = database.CreateContext();
            Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        }
    }

    private async Task<int> PlanCountAsync()
    {
        await using var db = database.CreateContext();
        return await db.Plans.CountAsync();
    }

    /// <summary>Runs beacon.dll (beside the tests) with this database's settings as environment variables.</summary>
    private async Task<(int Exit, string Output, string Error)> BeaconAsync(Dictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "beacon.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in database.Settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        start.Environment["Demo__Enabled"] = "false";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CliFreshDatabaseOnSqlite() : CliFreshDatabaseTests(DatabaseKind.Sqlite);

[Collection(PostgresCollection.Name)]
public sealed class CliFreshDatabaseOnPostgres() : CliFreshDatabaseTests(DatabaseKind.Postgres);
