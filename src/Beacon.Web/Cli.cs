using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web;

/// <summary>
/// The command-line entry: <c>beacon import FILE [--dry-run] [--replace]</c> and
/// <c>beacon export ORG YEAR [--out FILE]</c>, on the same database and services as the web app.
/// </summary>
public static class Cli
{
    public static readonly string[] Commands = ["import", "export", "users"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        await db.MigrateAsync();
        var options = new List<string>();
        var positional = new List<string>();
        string? outFile = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--out" && i + 1 < args.Length) outFile = args[++i];
            else if (args[i] is "--role" or "--org" or "--division" && i + 1 < args.Length) i++;
            else if (args[i].StartsWith("--", StringComparison.Ordinal)) options.Add(args[i]);
            else positional.Add(args[i]);
        }
        switch (args[0])
        {
            case "import":
            {
                if (positional.Count != 1) return Usage(error);
                var file = positional[0];
                if (!File.Exists(file)) { await error.WriteLineAsync($"beacon import: 找不到檔案 / file not found: {file}"); return 2; }
                scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = $"cli ({Environment.UserName})";
                var importer = scope.ServiceProvider.GetRequiredService<PlanImporter>();
                var result = await importer.ImportJsonAsync(await File.ReadAllTextAsync(file), options.Contains("--dry-run"), options.Contains("--replace"));
                if (!result.Succeeded)
                {
                    await error.WriteLineAsync($"beacon import: {file}: {result.Problems.Count} 個問題，未寫入任何資料 / {result.Problems.Count} problem(s), nothing was written");
                    foreach (var p in result.Problems) await error.WriteLineAsync($"  {file}: {p}");
                    return 1;
                }
                var s = result.Summary!;
                await output.WriteLineAsync($"{(s.DryRun ? "檢查通過（未寫入）/ valid (dry run, nothing written)" : s.Replaced ? "已取代 / replaced" : "已匯入 / imported")}: " +
                    $"{s.Organisation} {s.Year}: {s.Objectives} objectives, {s.Kpis} KPIs, {s.ActionPlans} action plans");
                return 0;
            }
            case "export":
            {
                if (positional.Count != 2 || !int.TryParse(positional[1], out var year)) return Usage(error);
                var document = await scope.ServiceProvider.GetRequiredService<PlanExporter>().ExportAsync(positional[0], year);
                if (document is null) { await error.WriteLineAsync($"beacon export: 找不到計畫 / no plan for {positional[0]} {year}"); return 1; }
                if (outFile is not null) await File.WriteAllBytesAsync(outFile, PlanJson.WriteUtf8(document));
                else await output.WriteAsync(PlanJson.Write(document));
                return 0;
            }
            case "users":
            {
                // beacon users add EMAIL --role ROLE [--org CODE] [--division NAME]... [--password-stdin]
                if (positional.Count != 2 || positional[0] != "add") return Usage(error);
                string? Option(string name) { var i = Array.IndexOf(args, name); return i > 0 && i + 1 < args.Length ? args[i + 1] : null; }
                var divisions = args.Select((a, i) => (a, i)).Where(x => x.a == "--division" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
                string? password = null;
                if (args.Contains("--password-stdin")) password = (await Console.In.ReadLineAsync())?.Trim();
                scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = $"cli ({Environment.UserName})";
                var (user, problems) = await scope.ServiceProvider.GetRequiredService<Features.Account.UserAdministration>()
                    .CreateAsync(new Features.Account.NewUser(positional[1], Option("--role") ?? "", password, Option("--org"), divisions));
                if (user is null)
                {
                    foreach (var p in problems) await error.WriteLineAsync($"beacon users add: {p.Path}: {p.Message} ({p.MessageEn})");
                    return 1;
                }
                await output.WriteLineAsync($"已建立 / created: {user.Email} ({user.Role})");
                if (user.PasswordGenerated) await output.WriteLineAsync($"密碼（只顯示這一次）/ password (shown once): {user.Password}");
                return 0;
            }
            default:
                return Usage(error);
        }
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("usage: beacon import FILE [--dry-run] [--replace]");
        error.WriteLine("       beacon export ORG YEAR [--out FILE]      (YEAR is Gregorian, e.g. 2021)");
        error.WriteLine("       beacon users add EMAIL --role administrator|planner|agency-editor|reviewer|viewer [--org CODE] [--division NAME]... [--password-stdin]");
        return 2;
    }
}
