using System.Globalization;

namespace Beacon.Reliability;

/// <summary>
/// beacon-reliability faults|fuzz|concurrency [--full] [--seed N] [--db sqlite|postgres|both] [--rounds N] [--cases N]
/// [--seconds N] [--writers N]: prints each run's figures and exits 1 when any run found a violation
/// (scripts/faults.sh, fuzz.sh, concurrency.sh).
/// </summary>
internal static class ReliabilityCommand
{
    public static async Task<int> Main(string[] args)
    {
        var harness = args.FirstOrDefault();
        if (harness is not ("faults" or "fuzz" or "concurrency"))
        {
            Console.Error.WriteLine("usage: beacon-reliability faults|fuzz|concurrency [--full] [--seed N] [--db sqlite|postgres|both] [--rounds N] [--cases N] [--seconds N] [--writers N]");
            return 2;
        }
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int quick, int full) => Option(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : args.Contains("--full") ? full : quick;
        var seed = Number("--seed", 2026, 2026);
        var kinds = (Option("--db") ?? "both") switch
        {
            "sqlite" => new[] { DatabaseKind.Sqlite },
            "postgres" => [DatabaseKind.Postgres],
            _ => [DatabaseKind.Sqlite, DatabaseKind.Postgres],
        };
        var folder = Path.Combine(Path.GetTempPath(), "beacon-reliability", $"{harness}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(folder);
        Console.WriteLine($"beacon-reliability {harness} {(args.Contains("--full") ? "full" : "quick")} run, seed {seed}, logs in {folder}");
        var reports = new List<RunReport>();
        foreach (var kind in kinds)
        {
            var report = harness switch
            {
                "faults" => await FaultRun.RunAsync(kind, new FaultOptions(Number("--rounds", 8, 40), seed), folder, Console.Out),
                "fuzz" => await FuzzRun.RunAsync(kind, new FuzzOptions(Number("--cases", 300, 5000), seed), folder, Console.Out),
                _ => await ConcurrencyRun.RunAsync(kind, new ConcurrencyOptions(Number("--writers", 50, 50), TimeSpan.FromSeconds(Number("--seconds", 10, 60)), seed), folder, Console.Out),
            };
            reports.Add(report);
            Console.WriteLine();
            Console.WriteLine(report);
        }
        var violations = reports.Sum(r => r.Violations.Count);
        Console.WriteLine(violations == 0 ? $"{harness}: no violation" : $"{harness}: {violations} violation(s)");
        return violations == 0 ? 0 : 1;
    }
}
