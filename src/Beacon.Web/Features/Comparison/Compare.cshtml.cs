using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Comparison;

/// <summary>
/// The revision comparison of this plan with another year's (修正對照表): counts per perspective, then 原 | 修正後 | 說明,
/// filtered by kind of change, perspective and item (a GET form, so it works without JavaScript).
/// </summary>
public sealed class CompareModel(BeaconDb db) : PlanPage(db)
{
    /// <summary>The kind filter's value for every row, unchanged ones too; no value means every changed row.</summary>
    public const string AllRows = "all";

    [FromQuery(Name = "with")] public int? With { get; set; }
    [FromQuery(Name = "kind")] public string? KindFilter { get; set; }
    [FromQuery(Name = "perspective")] public PerspectiveKind? PerspectiveFilter { get; set; }
    [FromQuery(Name = "level")] public ItemLevel? LevelFilter { get; set; }

    /// <summary>The organisation's other years the reader may see.</summary>
    public IReadOnlyList<int> Years { get; private set; } = [];
    public int? Other { get; private set; }
    /// <summary>Why the chosen year cannot be compared, shown beside the year field.</summary>
    public string? WithError { get; private set; }
    public PlanComparison? Comparison { get; private set; }
    public IReadOnlyList<ComparedItem> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        ViewData["Title"] = ComparisonText.T("title");
        ViewData["Tab"] = "compare";
        Breadcrumbs((ComparisonText.T("title"), null));

        Years = [.. (await ComparisonSource.YearsAsync(Db, User, Org, ct)).Where(y => y != Year)];
        Other = With ?? ComparisonSource.DefaultOther(Years, Year);
        if (Other is not { } other) return Page();
        if (other == Year)
        {
            WithError = ComparisonText.T("sameYear");
            return Invalid();
        }
        var side = await ComparisonSource.LoadAsync(Db, User, Org, other, null, ct);
        if (side.Document is null)
        {
            WithError = ComparisonText.T("otherMissing", Plan.Organisation.Name, Ui.Year(other));
            Response.StatusCode = side.Status;
            return Page();
        }
        Comparison = ComparisonSource.Compare(PlanMapping.ToDocument(Plan), null, side.Document, null);
        Rows = [.. Comparison.Items.Where(Shown)];
        return Page();
    }

    private bool Shown(ComparedItem item) =>
        (KindFilter switch
        {
            null or "" => !item.IsUnchanged,
            AllRows => true,
            _ => Enum.TryParse<ChangeKind>(KindFilter, ignoreCase: true, out var kind) && item.Has(kind),
        })
        && (PerspectiveFilter is null || item.Perspective == PerspectiveFilter)
        && (LevelFilter is null || item.Level == LevelFilter);

    /// <summary>The perspective's name as the later plan prints it.</summary>
    public string PerspectiveName(PerspectiveKind kind) =>
        Comparison?.Perspectives.FirstOrDefault(p => p.Perspective == kind) is { } p ? Ui.Perspective(kind, p.Name) : Ui.Perspective(kind, kind.StandardName());
}
