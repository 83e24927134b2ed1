using System.Diagnostics;
using System.Globalization;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Features.Generate;

/// <summary>
/// <c>beacon generate (--out DIR | --database) [--seed N] [--year YYYY] [--cities N] [--agencies N] [--kpis N]</c>: the
/// synthetic national dataset (<see cref="NationalDataset"/>) as interchange files in DIR (ORG-YEAR.json), or imported
/// into the configured database (SQLite or PostgreSQL, with the statuses it was generated with), or both.
/// </summary>
public static class GenerateCommand
{
    public const string Name = "generate";

    public static void Usage(TextWriter error) =>
        error.WriteLine("       beacon generate (--out DIR | --database) [--seed 2025] [--year 2025] [--cities 22] [--agencies 40] [--kpis 30000]");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal) { ["--seed"] = 2025, ["--year"] = 2025, ["--cities"] = 22, ["--agencies"] = 40, ["--kpis"] = 30_000 };
        string? folder = null;
        var database = false;
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--database") { database = true; continue; }
            if ((arg == "--out" || numbers.ContainsKey(arg)) && i + 1 < args.Length)
            {
                var value = args[++i];
                if (arg == "--out") { folder = value; continue; }
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) { numbers[arg] = number; continue; }
                return Fail(error, $"選項 {arg} 的值「{value}」應為正整數 / the value '{value}' of {arg} must be a whole number");
            }
            return Fail(error, $"不明的引數「{arg}」/ unexpected argument '{arg}'");
        }
        if (folder is null && !database) return Fail(error, "請給 --out 資料夾或 --database / give --out FOLDER or --database");
        var options = new NationalOptions(numbers["--seed"], numbers["--year"], numbers["--cities"], numbers["--agencies"], numbers["--kpis"]);
        if (options.Cities is < 1 or > 22 || options.AgenciesPerCity > 40 || options.Kpis < options.Cities || options.Year is < PlanValidator.MinYear + 10 or > PlanValidator.MaxYear - 2)
            return Fail(error, "--cities 1–22、--agencies 0–40、--kpis 不少於縣市數、--year 在合理範圍內 / --cities 1–22, --agencies 0–40, --kpis at least the number of cities, a sensible --year");

        var userName = $"cli generate ({Environment.UserName})";
        if (database)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<BeaconDb>().MigrateAsync();
            await DatasetLoader.LoadAsConfiguredAsync(scope.ServiceProvider, services.GetRequiredService<IConfiguration>());
        }
        if (folder is not null) Directory.CreateDirectory(folder);

        var clock = Stopwatch.StartNew();
        var items = NationalDataset.Generate(options).Select(g => new BulkItem($"{g.Document.Organisation.Code} {g.Document.Year}", g.Document, g.Status));
        Func<BulkItem, PreparedDocument, Task>? write = folder is null ? null : (item, prepared) =>
            File.WriteAllBytesAsync(Path.Combine(folder, $"{item.Document.Organisation.Code}-{item.Document.Year}.json"), new System.Text.UTF8Encoding(false).GetBytes(prepared.Json));
        async Task Progress(int plans, int kpis)
        {
            if (plans % 100 == 0) await error.WriteLineAsync(FormattableString.Invariant($"  {plans} plans, {kpis} KPIs ({clock.Elapsed.TotalSeconds:0.0} s)"));
        }

        int written = 0, kpisWritten = 0;
        TimeSpan? importing = null;
        if (database)
        {
            var result = await BulkImport.RunAsync(services, items, userName, prepare: write, imported: Progress);
            if (result.Failed is { } failed)
            {
                await error.WriteLineAsync($"beacon generate: {failed.Source}: 匯入失敗 / not imported: {string.Join("; ", result.Problems)}");
                return 1;
            }
            (written, kpisWritten, importing) = (result.Plans, result.Kpis, result.Importing);
        }
        else
        {
            foreach (var item in items)
            {
                await write!(item, PreparedDocument.Of(item.Document));
                written++;
                kpisWritten += item.Document.Objectives.Sum(o => o.Kpis.Count);
                await Progress(written, kpisWritten);
            }
        }
        await output.WriteLineAsync(
            FormattableString.Invariant($"已產生 / generated: {written} plans, {kpisWritten} KPIs (seed {options.Seed}, year {options.Year}) in {clock.Elapsed.TotalSeconds:0.0} s") +
            (folder is null ? "" : $"; files in {Path.GetFullPath(folder)}") +
            (importing is { } took ? FormattableString.Invariant($"; imported in {took.TotalSeconds:0.0} s") : ""));
        return 0;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"beacon generate: {message}");
        error.WriteLine("usage:");
        Usage(error);
        return 2;
    }
}
