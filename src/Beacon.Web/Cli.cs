using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web;

/// <summary>
/// The command-line entry: <c>beacon import FILE|FOLDER [--dry-run] [--replace]</c>, <c>beacon export ORG YEAR [--out FILE]</c>
/// and <c>beacon users add …</c>, on the same database, services and dataset as the web app. The arguments are
/// checked completely before anything is opened: an unknown option (a typo of --dry-run, say) or a missing or extra
/// argument prints what is wrong and the usage, exits with 2 and writes nothing.
/// </summary>
public static class Cli
{
    public static readonly string[] Commands = ["import", "export", "users", Features.Generate.GenerateCommand.Name];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]) || Features.Operations.BackupCommand.Handles(args);

    /// <summary>What a command accepts: its arguments by name, its flags, and its options that take a value (repeatable or not).</summary>
    private sealed record Syntax(string[] Arguments, string[] Flags, string[] Options, string[] Repeatable);

    private static readonly Dictionary<string, Syntax> Syntaxes = new(StringComparer.Ordinal)
    {
        ["import"] = new(["FILE"], ["--dry-run", "--replace"], [], []),
        ["export"] = new(["ORG", "YEAR"], [], ["--out"], []),
        ["users"] = new(["add", "EMAIL"], ["--password-stdin"], ["--role", "--org"], ["--division"]),
    };

    private sealed record Arguments(List<string> Positional, HashSet<string> Flags, Dictionary<string, List<string>> Options)
    {
        public string? Option(string name) => Options.TryGetValue(name, out var values) ? values[0] : null;
        public List<string> All(string name) => Options.TryGetValue(name, out var values) ? values : [];
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length > 0 && args[0] == Features.Generate.GenerateCommand.Name) return await Features.Generate.GenerateCommand.RunAsync(services, args, output, error);
        if (Features.Operations.BackupCommand.Handles(args)) return await Features.Operations.BackupCommand.RunAsync(services, args, output, error);
        if (args.Length == 0 || !Syntaxes.TryGetValue(args[0], out var syntax)) return Usage(error);
        var command = args[0];
        var (parsed, wrong) = Parse(args, syntax);
        if (parsed is null)
        {
            await error.WriteLineAsync($"beacon {command}: {wrong}");
            return Usage(error);
        }
        if (command == "users" && parsed.Positional[0] != "add")
        {
            await error.WriteLineAsync($"beacon users: 不明的子命令「{parsed.Positional[0]}」（只有 add）/ unknown subcommand '{parsed.Positional[0]}' (there is only add)");
            return Usage(error);
        }
        var year = 0;
        if (command == "export" && !int.TryParse(parsed.Positional[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out year))
        {
            await error.WriteLineAsync($"beacon export: 年度「{parsed.Positional[1]}」應為西元年，例如 2021 / YEAR '{parsed.Positional[1]}' must be a Gregorian year, e.g. 2021");
            return Usage(error);
        }
        if (command == "import" && !File.Exists(parsed.Positional[0]) && !Directory.Exists(parsed.Positional[0]))
        {
            await error.WriteLineAsync($"beacon import: 找不到檔案 / file not found: {parsed.Positional[0]}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        await using (await Features.Operations.StartupLock.HoldAsync(db))
        {
            await db.MigrateAsync();
            // As the web app does at start-up: the roles (two commands at once would otherwise both create them) and the
            // Taipei dataset, unless Dataset:Load says not to.
            await Features.Account.AccountSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>());
            await DatasetLoader.LoadAsConfiguredAsync(scope.ServiceProvider, services.GetRequiredService<IConfiguration>());
        }
        scope.ServiceProvider.GetRequiredService<AuditScope>().UserName = $"cli ({Environment.UserName})";

        switch (command)
        {
            case "import":
            {
                var file = parsed.Positional[0];
                if (Directory.Exists(file)) return await FolderImport.RunAsync(scope.ServiceProvider, file, parsed.Flags.Contains("--dry-run"), parsed.Flags.Contains("--replace"), output, error);
                var importer = scope.ServiceProvider.GetRequiredService<PlanImporter>();
                var result = await importer.ImportJsonAsync(await File.ReadAllTextAsync(file), parsed.Flags.Contains("--dry-run"), parsed.Flags.Contains("--replace"));
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
                var org = parsed.Positional[0];
                var document = await scope.ServiceProvider.GetRequiredService<PlanExporter>().ExportAsync(org, year);
                if (document is null) { await error.WriteLineAsync($"beacon export: 找不到計畫 / no plan for {org} {year}"); return 1; }
                if (parsed.Option("--out") is { } outFile) await File.WriteAllBytesAsync(outFile, PlanJson.WriteUtf8(document));
                else await output.WriteAsync(PlanJson.Write(document));
                return 0;
            }
            default:
            {
                string? password = null;
                if (parsed.Flags.Contains("--password-stdin")) password = (await Console.In.ReadLineAsync())?.Trim();
                var (user, problems) = await scope.ServiceProvider.GetRequiredService<Features.Account.UserAdministration>()
                    .CreateAsync(new Features.Account.NewUser(parsed.Positional[1], parsed.Option("--role") ?? "", password, parsed.Option("--org"), parsed.All("--division")));
                if (user is null)
                {
                    foreach (var p in problems) await error.WriteLineAsync($"beacon users add: {p.Path}: {p.Message} ({p.MessageEn})");
                    return 1;
                }
                await output.WriteLineAsync($"已建立 / created: {user.Email} ({user.Role})");
                if (user.PasswordGenerated) await output.WriteLineAsync($"密碼（只顯示這一次）/ password (shown once): {user.Password}");
                return 0;
            }
        }
    }

    /// <summary>The arguments after the command, or what is wrong with them (in both languages).</summary>
    private static (Arguments? Parsed, string? Wrong) Parse(string[] args, Syntax syntax)
    {
        var parsed = new Arguments([], new HashSet<string>(StringComparer.Ordinal), new Dictionary<string, List<string>>(StringComparer.Ordinal));
        var known = syntax.Flags.Concat(syntax.Options).Concat(syntax.Repeatable).ToList();
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.Length > 1 && arg[0] == '-')
            {
                if (syntax.Flags.Contains(arg))
                {
                    parsed.Flags.Add(arg);
                    continue;
                }
                if (!syntax.Options.Contains(arg) && !syntax.Repeatable.Contains(arg))
                    return (null, known.Count == 0
                        ? $"不明的選項「{arg}」（這個命令沒有選項）/ unknown option '{arg}' (this command takes none)"
                        : $"不明的選項「{arg}」（可用的選項：{string.Join("、", known)}）/ unknown option '{arg}' (the options are {string.Join(", ", known)})");
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    return (null, $"選項 {arg} 後面需要一個值 / option {arg} needs a value");
                if (parsed.Options.TryGetValue(arg, out var values) && !syntax.Repeatable.Contains(arg))
                    return (null, $"選項 {arg} 只能給一次 / option {arg} may be given only once");
                if (values is null) parsed.Options[arg] = values = [];
                values.Add(args[++i]);
                continue;
            }
            parsed.Positional.Add(arg);
        }
        if (parsed.Positional.Count < syntax.Arguments.Length)
        {
            var missing = syntax.Arguments.Skip(parsed.Positional.Count).ToList();
            return (null, $"缺少引數 {string.Join(" ", missing)} / missing {string.Join(" ", missing)}");
        }
        if (parsed.Positional.Count > syntax.Arguments.Length)
        {
            var extra = parsed.Positional.Skip(syntax.Arguments.Length).ToList();
            return (null, $"多餘的引數：{string.Join(" ", extra)} / unexpected argument(s): {string.Join(" ", extra)}");
        }
        return (parsed, null);
    }

    private static int Usage(TextWriter error)
    {
        error.WriteLine("usage: beacon import FILE|FOLDER [--dry-run] [--replace]");
        error.WriteLine("       beacon export ORG YEAR [--out FILE]      (YEAR is Gregorian, e.g. 2021)");
        error.WriteLine("       beacon users add EMAIL --role administrator|planner|agency-editor|reviewer|viewer [--org CODE] [--division NAME]... [--password-stdin]");
        Features.Generate.GenerateCommand.Usage(error);
        error.WriteLine(Features.Operations.BackupCommand.UsageLines);
        return 2;
    }
}
