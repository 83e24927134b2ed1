using System.Diagnostics;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>
/// <c>beacon import FOLDER</c>: every plan document (*.json) of a folder, a parent organisation's plans before its
/// children's, each all or nothing as a single import is (<see cref="BulkImport"/>: on PostgreSQL several at once).
/// Stops at the first file that has problems (printed with the file and the JSON path); the files imported before it,
/// and any imported alongside it, stay imported.
/// </summary>
public static class FolderImport
{
    public static async Task<int> RunAsync(IServiceProvider services, string folder, bool dryRun, bool replace, TextWriter output, TextWriter error)
    {
        var clock = Stopwatch.StartNew();
        var pending = new List<(string File, PlanDocument Document)>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (document, problems) = PlanJson.Read(await File.ReadAllTextAsync(file));
            if (document is null) return await FailedAsync(error, file, problems);
            pending.Add((file, document));
        }
        var read = clock.Elapsed;

        var db = services.GetRequiredService<BeaconDb>();
        var known = (await db.Organisations.Select(o => o.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        // Parents first: a plan whose parent organisation is neither stored nor in the folder fails with the importer's own problem.
        var ordered = new List<BulkItem>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => p.Document.Organisation.Parent is not { } parent || known.Contains(parent)
                || !pending.Any(q => q.Document.Organisation.Code == parent)).ToList();
            if (ready.Count == 0) ready = [pending[0]];
            foreach (var (file, document) in ready)
            {
                ordered.Add(new BulkItem(file, document));
                known.Add(document.Organisation.Code);
            }
            pending.RemoveAll(p => ready.Any(r => r.File == p.File));
        }

        var result = await BulkImport.RunAsync(services, ordered, services.GetRequiredService<AuditScope>().UserName, dryRun, replace);
        if (result.Failed is { } failed) return await FailedAsync(error, failed.Source, result.Problems);
        await output.WriteLineAsync(FormattableString.Invariant(
            $"{(dryRun ? "檢查通過（未寫入）/ valid (dry run, nothing written)" : "已匯入 / imported")}: {result.Plans} plans, {result.Kpis} KPIs from {folder} in {clock.Elapsed.TotalSeconds:0.0} s (reading {read.TotalSeconds:0.0} s)"));
        return 0;
    }

    private static async Task<int> FailedAsync(TextWriter error, string file, IReadOnlyList<Beacon.Core.Problem> problems)
    {
        await error.WriteLineAsync($"beacon import: {file}: {problems.Count} 個問題，未寫入此檔 / {problems.Count} problem(s), this file was not written");
        foreach (var p in problems) await error.WriteLineAsync($"  {file}: {p}");
        return 1;
    }
}
