using System.Diagnostics;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>
/// <c>beacon import FOLDER</c>: every plan document (*.json) of a folder, a parent organisation's plans before its
/// children's, each all or nothing as a single import is. Stops at the first file that has problems (printed with the
/// file and the JSON path); the files imported before it stay imported.
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
        var importer = services.GetRequiredService<PlanImporter>();
        await using var bulk = dryRun ? null : await BulkLoad.BeginAsync(db);
        var known = (await db.Organisations.Select(o => o.Code).ToListAsync()).ToHashSet(StringComparer.Ordinal);
        int plans = 0, kpis = 0;
        while (pending.Count > 0)
        {
            // Parents first: a plan whose parent organisation is neither stored nor in the folder fails with the importer's own problem.
            var ready = pending.Where(p => p.Document.Organisation.Parent is not { } parent || known.Contains(parent)
                || !pending.Any(q => q.Document.Organisation.Code == parent)).ToList();
            if (ready.Count == 0) ready = [pending[0]];
            // Each document is checked and written out as text on another thread while the one before it is imported.
            var next = Task.Run(() => PreparedDocument.Of(ready[0].Document));
            for (var i = 0; i < ready.Count; i++)
            {
                var (file, document) = ready[i];
                var prepared = await next;
                if (i + 1 < ready.Count)
                {
                    var following = ready[i + 1].Document;
                    next = Task.Run(() => PreparedDocument.Of(following));
                }
                var result = await importer.ImportAsync(document, dryRun, replace, prepared: prepared);
                if (!result.Succeeded) return await FailedAsync(error, file, result.Problems);
                known.Add(document.Organisation.Code);
                pending.RemoveAll(p => p.File == file);
                plans++;
                kpis += document.Objectives.Sum(o => o.Kpis.Count);
            }
        }
        await output.WriteLineAsync(FormattableString.Invariant(
            $"{(dryRun ? "檢查通過（未寫入）/ valid (dry run, nothing written)" : "已匯入 / imported")}: {plans} plans, {kpis} KPIs from {folder} in {clock.Elapsed.TotalSeconds:0.0} s (reading {read.TotalSeconds:0.0} s)"));
        return 0;
    }

    private static async Task<int> FailedAsync(TextWriter error, string file, IReadOnlyList<Beacon.Core.Problem> problems)
    {
        await error.WriteLineAsync($"beacon import: {file}: {problems.Count} 個問題，未寫入此檔 / {problems.Count} problem(s), this file was not written");
        foreach (var p in problems) await error.WriteLineAsync($"  {file}: {p}");
        return 1;
    }
}
