using System.Security.Claims;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Comparison;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Shared;
using Beacon.Web.Features.Workflow;

namespace Beacon.Web.Features.Documents;

public enum DocumentFormat { Xlsx, Ods, Odt, Pdf, Csv, Svg, Png }

public static class DocumentFormats
{
    /// <summary>What a table document comes as.</summary>
    public static readonly IReadOnlyList<DocumentFormat> Tables = [DocumentFormat.Xlsx, DocumentFormat.Ods, DocumentFormat.Odt, DocumentFormat.Pdf, DocumentFormat.Csv];

    /// <summary>What a picture (the map) comes as.</summary>
    public static readonly IReadOnlyList<DocumentFormat> Pictures = [DocumentFormat.Svg, DocumentFormat.Png, DocumentFormat.Pdf];

    public static DocumentFormat? Parse(string extension) =>
        Enum.TryParse<DocumentFormat>(extension, ignoreCase: true, out var f) && extension.All(char.IsLower) && extension.All(char.IsAsciiLetter) ? f : null;

    public static string Extension(this DocumentFormat format) => format.ToString().ToLowerInvariant();

    public static string ContentType(this DocumentFormat format) => format switch
    {
        DocumentFormat.Xlsx => XlsxWriter.ContentType,
        DocumentFormat.Ods => OdsWriter.ContentType,
        DocumentFormat.Odt => OdtWriter.ContentType,
        DocumentFormat.Pdf => "application/pdf",
        DocumentFormat.Csv => "text/csv; charset=utf-8",
        DocumentFormat.Svg => "image/svg+xml",
        _ => "image/png",
    };
}

/// <summary>
/// The plan and the figures every page and document of it show, read once. The one place documents read a plan: from
/// the read model (<see cref="PlanReader"/>), so the plan and its evaluation are shared and must not be changed.
/// </summary>
public sealed class PlanFigures(PlanView view)
{
    public Plan Plan => view.Plan;

    /// <summary>The year's evaluation as the evaluation page computes it.</summary>
    public PlanEvaluation Evaluation => view.Evaluation;

    /// <summary>A plan that is not stored (a preview of an upload): its figures computed on their own, not shared.</summary>
    public static PlanFigures Unstored(Plan plan) => new(new PlanView(plan, stamp: 0, steps: [], partial: false));

    /// <summary>
    /// The plan as this reader is shown it (drafts only for signed-in staff; the latest published version to others while
    /// a revision is prepared), or null as if there were none.
    /// </summary>
    public static async Task<PlanFigures?> LoadAsync(PlanReader reader, ClaimsPrincipal user, string org, int year, CancellationToken ct) =>
        await reader.ViewAsync(org, year, user, ct) is { } view ? new PlanFigures(view) : null;
}

/// <param name="Argument">The part after the document's prefix (A of theme-A).</param>
/// <param name="SiteUrl">The site's address, for links in files (https://beacon.example.tw).</param>
public sealed record DocumentRequest(PlanFigures Figures, string? Argument, string SiteUrl)
{
    public Plan Plan => Figures.Plan;

    /// <summary>For a document that compares years: the organisation's other plan (the compare page's <c>with</c>).</summary>
    public PlanFigures? Other { get; init; }

    /// <summary>For a document that compares years: which rows it prints (the compare page's filters).</summary>
    public ComparisonFilter Filter { get; init; } = new(null, null, null);

    public string PlanUrl => $"{SiteUrl}/orgs/{Uri.EscapeDataString(Plan.Organisation.Code)}/{Plan.Year}";
}

/// <summary>
/// One kind of document of a plan: its name in addresses (a prefix such as theme- takes an argument), its
/// formats, how it is built, and which of it a plan has (for the download menus). A kind that
/// <paramref name="ComparesYears"/> is built with another year's plan of the organisation (<c>?with=</c>, by default the
/// one the compare page chooses) and the compare page's filters; it is offered on that page, with them.
/// </summary>
public sealed record DocumentKind(string Name, bool TakesArgument, IReadOnlyList<DocumentFormat> Formats,
    Func<DocumentRequest, DocumentModel?> Build, Func<Plan, IEnumerable<(string Key, string Title)>> Available, bool ComparesYears = false);

/// <summary>
/// The documents of a plan, each registered once here; an address naming anything else is a 404. Adding a document
/// is one more entry.
/// </summary>
public static class DocumentCatalog
{
    public static IReadOnlyList<DocumentKind> Kinds { get; } =
    [
        new("map", false, DocumentFormats.Pictures, PlanDocuments.Map, _ => [("map", DocumentText.T("doc.map"))]),
        new("scorecard", false, DocumentFormats.Tables, PlanDocuments.Scorecard, _ => [("scorecard", DocumentText.T("doc.scorecard"))]),
        new("theme-", true, DocumentFormats.Tables, PlanDocuments.Theme,
            plan => plan.Themes.Select(t => ($"theme-{t.Code}", $"{t.Code} {t.Name}"))),
        new("report", false, DocumentFormats.Tables, PlanDocuments.Report,
            plan => plan.Themes.Count > 0 ? [("report", DocumentText.T("doc.report"))] : []),
        new("evaluation", false, DocumentFormats.Tables, PlanDocuments.Evaluation, _ => [("evaluation", DocumentText.T("doc.evaluation"))]),
        new("milestones", false, DocumentFormats.Tables, PlanDocuments.Milestones,
            plan => PlanDocuments.HasActionPlans(plan) ? [("milestones", DocumentText.T("doc.milestones"))] : []),
        new("membership", false, DocumentFormats.Tables, PlanDocuments.Membership,
            plan => PlanDocuments.HasMembership(plan) ? [("membership", DocumentText.T("doc.membership"))] : []),
        new("compare", false, DocumentFormats.Tables, ComparisonDocument.Build, _ => [], ComparesYears: true),
    ];

    /// <summary>The kind a document name belongs to, and its argument; null for a name no kind has.</summary>
    public static (DocumentKind Kind, string? Argument)? Find(string name)
    {
        foreach (var kind in Kinds)
        {
            if (!kind.TakesArgument && string.Equals(kind.Name, name, StringComparison.Ordinal)) return (kind, null);
            if (kind.TakesArgument && name.StartsWith(kind.Name, StringComparison.Ordinal) && name.Length > kind.Name.Length)
                return (kind, name[kind.Name.Length..]);
        }
        return null;
    }

    /// <summary>Every document this plan has, with its formats and address, for the download menus.</summary>
    public static IEnumerable<(string Key, string Title, IReadOnlyList<DocumentFormat> Formats)> For(Plan plan) =>
        Kinds.SelectMany(k => k.Available(plan).Select(d => (d.Key, d.Title, k.Formats)));

    public static string Url(string org, int year, string key, DocumentFormat format) =>
        $"/api/orgs/{Uri.EscapeDataString(org)}/plans/{year}/documents/{key}.{format.Extension()}";

    /// <summary>Organisation, year as printed (110年 / 2021) and document: TPE_110年_平衡計分卡.</summary>
    public static string FileStem(string org, int year, string document) =>
        string.Join('_', new[] { org, Ui.YearShort(year), document }.Select(Safe));

    private static string Safe(string part) => new([.. part.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is ' ' or '/' or '\\' ? '-' : c)]);
}
