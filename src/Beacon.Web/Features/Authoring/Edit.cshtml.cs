using System.Globalization;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// The plan's editing page (編修計畫): its header and approvals record, its perspectives, and the list of its themes,
/// objectives, KPIs and action plans, each with a link to its form and buttons to move it among its siblings; for an
/// approved plan, the planner's form that opens a revision.
/// </summary>
public sealed class EditModel(BeaconDb db, PlanEditor editor) : EditPage(db, editor)
{
    public sealed class HeaderForm
    {
        public string? Title { get; set; }
        public string? Mission { get; set; }
        public string? Vision { get; set; }
        public string? CoreValues { get; set; }
        public List<ApprovalRow> Approvals { get; set; } = [];
        public int Version { get; set; }
    }

    public sealed class ApprovalRow
    {
        public string? Date { get; set; }
        public string? Body { get; set; }
        public string? Description { get; set; }
    }

    public sealed class PerspectiveRow
    {
        public string? Code { get; set; }
        public string? Kind { get; set; }
        public string? Name { get; set; }
    }

    [BindProperty] public HeaderForm Header { get; set; } = new();
    [BindProperty] public List<PerspectiveRow> Perspectives { get; set; } = [];
    [BindProperty] public int PerspectivesVersion { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public int PlanVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare(header: true, perspectives: true);
        return Page();
    }

    public async Task<IActionResult> OnPostHeaderAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare(header: false, perspectives: true);
        var approvals = new List<ApprovalDoc>();
        var rows = new List<int>();
        for (var i = 0; i < Header.Approvals.Count; i++)
        {
            var row = Header.Approvals[i];
            if (Blank(row.Date) is null && Blank(row.Body) is null && Blank(row.Description) is null) continue;
            if (ParseDay(row.Date) is not { } day)
            {
                Errors[$"approvals[{i}].date"] = Ui.English ? "Write the date as year-month-day, e.g. 2021-10-07." : "日期請寫成西元年-月-日（例如 2021-10-07）或民國年.月.日（110.10.07）";
                continue;
            }
            rows.Add(i);
            approvals.Add(new ApprovalDoc { Date = day, Body = Blank(row.Body), Description = Blank(row.Description) });
        }
        if (Errors.Count > 0) return Invalid();
        var edit = new HeaderEdit
        {
            Title = Header.Title, Mission = Header.Mission, Vision = Header.Vision,
            CoreValues = [.. (Header.CoreValues ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Approvals = approvals, Version = Header.Version,
        };
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.Header(edit), Me, HttpContext.RequestAborted);
        return outcome.Succeeded ? Redirect($"{EditUrl}?saved=1#header")
            : Refused(outcome, new PlanPlace(ElementKind.Header, null), f => f.StartsWith("coreValues", StringComparison.Ordinal) ? "coreValues" : Row(f, "approvals", rows));
    }

    public async Task<IActionResult> OnPostPerspectivesAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare(header: true, perspectives: false);
        var list = new List<PerspectiveDoc>();
        var rows = new List<int>();
        for (var i = 0; i < Perspectives.Count; i++)
        {
            var row = Perspectives[i];
            if (Blank(row.Code) is null && Blank(row.Name) is null) continue;
            if (!Enum.TryParse<PerspectiveKind>(row.Kind, out var kind) || !Enum.IsDefined(kind))
            {
                Errors[$"perspectives[{i}].kind"] = Ui.English ? "Choose the kind." : "請選擇構面類別";
                continue;
            }
            rows.Add(i);
            list.Add(new PerspectiveDoc { Code = row.Code?.Trim() ?? "", Kind = kind, Name = row.Name?.Trim() ?? "" });
        }
        if (Errors.Count > 0) return Invalid();
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.Perspectives(new PerspectivesEdit { Perspectives = list, Version = PerspectivesVersion }), Me, ct);
        return outcome.Succeeded ? Redirect($"{EditUrl}?saved=1#perspectives")
            : Refused(outcome, new PlanPlace(ElementKind.Perspectives, null), f => Row(f, "perspectives", rows));
    }

    /// <summary>One of the list's move buttons: "Kpi|AC1.2|up|3" moves KPI AC1.2 (read at version 3) one place up among its siblings.</summary>
    public async Task<IActionResult> OnPostMoveAsync(string? move, CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare(header: true, perspectives: true);
        var parts = (move ?? "").Split('|');
        if (parts.Length != 4 || !Enum.TryParse<ElementKind>(parts[0], out var kind) || !int.TryParse(parts[3], CultureInfo.InvariantCulture, out var version))
        {
            OtherErrors.Add(Ui.English ? "Nothing to move." : "沒有要移動的項目");
            return Invalid();
        }
        var code = parts[1];
        var step = parts[2] == "up" ? -1 : 1;
        PlanChange? change = kind switch
        {
            ElementKind.Theme when EditShapes.Theme(Plan, code) is { } t => new PlanChange.PutTheme(code, t with { Position = t.Position + step, Version = version }),
            ElementKind.Objective when EditShapes.Objective(Plan, code) is { } o => new PlanChange.PutObjective(code, o with { Position = o.Position + step, Version = version }),
            ElementKind.Kpi when EditShapes.Kpi(Plan, code) is { } k => new PlanChange.PutKpi(code, k with { Position = k.Position + step, Version = version }),
            ElementKind.ActionPlan when EditShapes.ActionPlan(Plan, code) is { } a => new PlanChange.PutActionPlan(code, a with { Position = a.Position + step, Version = version }),
            _ => null,
        };
        if (change is null)
        {
            OtherErrors.Add(Ui.English ? $"This plan has no {code}." : $"此計畫沒有 {code}");
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var outcome = await Editor.EditAsync(Org, Year, change, Me, ct);
        return outcome.Succeeded ? Redirect($"{EditUrl}#{Anchor(kind, code)}") : Refused(outcome, new PlanPlace(ElementKind.Plan, null));
    }

    public async Task<IActionResult> OnPostReviseAsync(CancellationToken ct)
    {
        if (await OpenAsync(ct) is { } refused) return refused;
        Prepare(header: true, perspectives: true);
        var outcome = await Editor.ReviseAsync(Org, Year, new RevisionRequest { Reason = Reason, Version = PlanVersion }, Me, ct);
        if (outcome.Succeeded) return Redirect(EditUrl);
        if (outcome.Forbidden) return Forbid();
        foreach (var problem in outcome.Problems) Errors.TryAdd(problem.Path == "reason" ? "reason" : "revision", problem.MessageFor(Ui.English));
        Response.StatusCode = outcome.StatusCode;
        return Page();
    }

    public static string Anchor(ElementKind kind, string code) => $"{kind.ToString().ToLowerInvariant()}-{code}";

    private void Prepare(bool header, bool perspectives)
    {
        ViewData["Title"] = AuthoringText.T("edit.title");
        Breadcrumbs((AuthoringText.T("edit.title"), null));
        PlanVersion = Plan.Version;
        if (header)
            Header = new HeaderForm
            {
                Title = Plan.Title, Mission = Plan.Mission, Vision = Plan.Vision, CoreValues = string.Join("\n", Plan.CoreValues),
                Approvals = [.. Plan.Approvals.Select(a => new ApprovalRow { Date = a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Body = a.Body, Description = a.Description }), new ApprovalRow()],
                Version = Plan.HeaderVersion,
            };
        if (perspectives)
        {
            Perspectives = [.. Plan.Perspectives.Select(p => new PerspectiveRow { Code = p.Code, Kind = p.Kind.ToString(), Name = p.Name })];
            if (Perspectives.Count < 4) Perspectives.Add(new PerspectiveRow());
            PerspectivesVersion = Plan.HeaderVersion;
        }
    }

    /// <summary>A date as typed: 2021-10-07, or the ROC form 110.10.07.</summary>
    public static DateOnly? ParseDay(string? text)
    {
        text = text?.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        var parts = (text ?? "").Split('.');
        return parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var roc) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var d) && roc is > 0 and < 300 && month is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(roc + 1911, month)
            ? new DateOnly(roc + 1911, month, d) : null;
    }

    /// <summary>Whether this person may edit this KPI or action plan (a division's editor: only theirs).</summary>
    public bool MayEdit(IReadOnlyCollection<string> responsible) => Open && Me.CanAuthorUnit(Plan.Organisation.Code, responsible);

    public bool MayEditStructure => Open && Me.CanAuthorStructure(Plan.Organisation.Code);
}
