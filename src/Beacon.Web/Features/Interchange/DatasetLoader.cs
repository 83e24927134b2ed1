using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Interchange;

/// <summary>
/// Loads the Taipei dataset (data/plans/*.json), parents before children: each file whose organisation and year
/// has no plan and was never loaded before. So a database whose first plan is someone's own import still gets the
/// dataset, and a dataset plan deleted on purpose does not come back (its earlier load is in the audit trail; a
/// replaced one is simply present).
/// </summary>
public sealed class DatasetLoader(BeaconDb db, PlanImporter importer, AuditScope audit, ILogger<DatasetLoader> log)
{
    /// <summary>Who the audit trail names for the dataset's imports.</summary>
    public const string UserName = "system (dataset)";

    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "data", "plans");

    /// <summary>What the web app and the command line do at start: load the dataset unless <c>Dataset:Load</c> is false.</summary>
    public static async Task<int> LoadAsConfiguredAsync(IServiceProvider services, IConfiguration configuration, CancellationToken ct = default)
    {
        if (!configuration.GetValue("Dataset:Load", true)) return 0;
        return await services.GetRequiredService<DatasetLoader>().LoadMissingAsync(configuration["Dataset:Path"] ?? DefaultFolder, ct);
    }

    public async Task<int> LoadMissingAsync(string folder, CancellationToken ct = default)
    {
        if (!Directory.Exists(folder))
        {
            log.LogWarning("Dataset folder {Folder} not found; no dataset loaded", folder);
            return 0;
        }
        var present = (await db.Plans.Select(p => new { p.Organisation.Code, p.Year }).ToListAsync(ct)).Select(p => (p.Code, p.Year))
            .Concat((await db.AuditEntries.Where(a => a.UserName == UserName && a.Entity == nameof(Plan) && a.OrganisationCode != null && a.Year != null)
                .Select(a => new { a.OrganisationCode, a.Year }).ToListAsync(ct)).Select(a => (Code: a.OrganisationCode!, Year: a.Year!.Value)))
            .ToHashSet();

        var pending = new List<(string File, PlanDocument Doc)>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var json = await File.ReadAllTextAsync(file, ct);
            if (Key(json) is { } key && present.Contains(key)) continue;
            var (doc, problems) = PlanJson.Read(json);
            if (doc is null) throw new InvalidOperationException($"{file}: {string.Join("; ", problems)}");
            if (!present.Contains((doc.Organisation.Code, doc.Year))) pending.Add((file, doc));
        }
        if (pending.Count == 0) return 0;

        audit.UserName = UserName;
        await using var bulk = await BulkLoad.BeginAsync(db, ct);
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

    /// <summary>A file's organisation and year, read without reading the whole plan (null when they cannot be read).</summary>
    private static (string, int)? Key(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.TryGetProperty("organisation", out var org) && org.ValueKind == JsonValueKind.Object
                && org.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                && root.TryGetProperty("year", out var year) && year.TryGetInt32(out var y)
                ? (code.GetString()!, y) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
