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
    public const string AllRows = ComparisonFilter.AllRows;

    [FromQuery(Name = "with")] public int? With { get; set; }
    /// <summary>A published version of the other year (or of this one) to compare with: ?version=3&amp;withVersion=2 compares version 3 with 2.</summary>
    [FromQuery(Name = "withVersion")] public int? WithVersion { get; set; }
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
        Other = With ?? (WithVersion is not null ? Year : ComparisonSource.DefaultOther(Years, Year));
        if (Other is not { } other) return Page();
        if (other == Year && WithVersion is null)
        {
            WithError = ComparisonText.T("sameYear");
            return Invalid();
        }
        var side = await ComparisonSource.LoadAsync(Db, User, Org, other, WithVersion, ct);
        if (side.Document is null)
        {
            WithError = ComparisonText.T("otherMissing", Plan.Organisation.Name, Ui.Year(other));
            Response.StatusCode = side.Status;
            return Page();
        }
        Comparison = ComparisonSource.Compare(PlanMapping.ToDocument(Plan), ShownVersion?.Number, side.Document, WithVersion,
            ShownVersion is { Revision: true } shown ? shown.Reason : null, side.Reason);
        Rows = [.. Comparison.Items.Where(Filter.Shows)];
        // The download menu offers this comparison, with its year and filters, as a document (of the years' plans as
        // the reader is shown them; a comparison of published versions by number is not a document yet).
        if (WithVersion is null && AskedVersion is null) ViewData["DocumentQuery"] = $"?with={other}{Filter.Query()}";
        return Page();
    }

    public ComparisonFilter Filter => new(KindFilter, PerspectiveFilter, LevelFilter);

    /// <summary>Where a side of a row is shown: its objective or KPI page, an action plan on its KPI's page.</summary>
    public static string ItemUrl(string planUrl, ItemLevel level, ItemSide side) => level switch
    {
        ItemLevel.Objective => $"{planUrl}/objectives/{side.Code}",
        ItemLevel.Kpi => $"{planUrl}/kpis/{side.Code}",
        _ => $"{planUrl}/kpis/{side.Parent}#{side.Code}",
    };

    /// <summary>The perspective's name as the later plan prints it.</summary>
    public string PerspectiveName(PerspectiveKind kind) =>
        Comparison?.Perspectives.FirstOrDefault(p => p.Perspective == kind) is { } p ? Ui.Perspective(kind, p.Name) : Ui.Perspective(kind, kind.StandardName());
}
