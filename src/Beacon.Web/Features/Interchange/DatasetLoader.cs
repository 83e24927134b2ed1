using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>Loads the Taipei dataset (data/plans/*.json) into an empty database, parents before children.</summary>
public sealed class DatasetLoader(BeaconDb db, PlanImporter importer, AuditScope audit, ILogger<DatasetLoader> log)
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "data", "plans");

    public async Task<int> LoadIfEmptyAsync(string folder, CancellationToken ct = default)
    {
        if (await db.Plans.AnyAsync(ct)) return 0;
        if (!Directory.Exists(folder))
        {
            log.LogWarning("Dataset folder {Folder} not found; starting with an empty database", folder);
            return 0;
        }
        var pending = new List<(string File, PlanDocument Doc)>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var (doc, problems) = PlanJson.Read(await File.ReadAllTextAsync(file, ct));
            if (doc is null) throw new InvalidOperationException($"{file}: {string.Join("; ", problems)}");
            pending.Add((file, doc));
        }
        audit.UserName = "system (dataset)";
        var loaded = 0;
        while (pending.Count > 0)
        {
            var known = await db.Organisations.Select(o => o.Code).ToListAsync(ct);
            var ready = pending.Where(p => p.Doc.Organisation.Parent is not { } parent || known.Contains(parent)).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException("Dataset: these plans name a parent organisation that no file provides: " +
                    string.Join(", ", pending.Select(p => Path.GetFileName(p.File))));
            foreach (var (file, doc) in ready)
            {
                // The dataset holds published documents: they load approved.
                var result = await importer.ImportAsync(doc, dryRun: false, replace: false, ct, PlanStatus.Approved);
                if (!result.Succeeded)
                    throw new InvalidOperationException($"{Path.GetFileName(file)}: {string.Join("; ", result.Problems)}");
                pending.RemoveAll(p => p.File == file);
                loaded++;
            }
        }
        log.LogInformation("Loaded {Count} plans from {Folder}", loaded, folder);
        return loaded;
    }
}
