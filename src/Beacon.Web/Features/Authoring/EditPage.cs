using Beacon.Core;
using Beacon.Core.Authoring;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>One field of an editing form: its form name, label, value, the message beside it, and how it is typed.</summary>
public sealed record EditField(string Name, string Label, string? Value, string? Error, bool Area = false, string? Hint = null, int Rows = 3,
    bool Numeric = false, bool ReadOnly = false, bool HideLabel = false)
{
    public string Id => "f-" + Name.Replace('[', '-').Replace(']', '-').Replace('.', '-');
}

/// <summary>
/// What every editing page shares: the working copy of the plan (whoever asks), who may edit it now, and the problems of a
/// save placed beside their fields by the element and field the core names (<see cref="PlanPlace"/>), the rest above the form.
/// </summary>
[Authorize]
public abstract class EditPage(BeaconDb db, PlanEditor editor) : PlanPage(db)
{
    protected override bool ReadsWorkingCopy => true;

    protected PlanEditor Editor => editor;

    /// <summary>Messages by the core's field of the page's element ("name", "values[2].text").</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages about other elements, or about the element as a whole, shown above the form.</summary>
    public List<string> OtherErrors { get; } = [];

    /// <summary>?saved=1 after a save (a number: "1" is no bool to the binder).</summary>
    [FromQuery(Name = "saved")] public int? SavedFlag { get; set; }

    public bool Saved => SavedFlag is > 0;

    public Actor Me => User.Actor();

    /// <summary>Whether this person may edit the plan now (the core decides each save again).</summary>
    public bool Open => Me.CanAuthor(Plan.Organisation.Code) && WorkflowRules.OpenForAuthoring(Me, Plan.Status);

    public string EditUrl => $"{PlanUrl}/edit";

    public string? Err(string field) => Errors.GetValueOrDefault(field);

    /// <summary>Loads the plan; a person who may not edit this organisation's plans gets the access-denied page.</summary>
    protected async Task<IActionResult?> OpenAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        if (!Me.CanAuthor(Plan.Organisation.Code)) return Forbid();
        ViewData["Tab"] = "edit";
        return null;
    }

    /// <summary>
    /// The page again with the problems of a refused save: each of <paramref name="element"/>'s problems beside its field
    /// (through <paramref name="field"/>, which may rename a list row's index to the form's), the others above; answered
    /// with the outcome's status. A forbidden save is the access-denied page.
    /// </summary>
    protected IActionResult Refused(WriteOutcome outcome, PlanPlace element, Func<string, string>? field = null)
    {
        if (outcome.Forbidden) return Forbid();
        foreach (var problem in outcome.Problems)
        {
            var mine = problem.Element is { } at && at.Kind == element.Kind && (at.Code == element.Code || element.Code is null) && at.Field.Length > 0;
            if (mine) Errors.TryAdd(field is null ? problem.Element!.Field : field(problem.Element!.Field), problem.MessageFor(Ui.English));
            else OtherErrors.Add((problem.Element is { Code: { } code } && code != element.Code ? code + "：" : "") + problem.MessageFor(Ui.English));
        }
        Response.StatusCode = outcome.Found ? outcome.StatusCode : StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>A field named by its place in a list posted with blank rows left out: "values[1].text" back to the form's row.</summary>
    public static string Row(string field, string list, IReadOnlyList<int> rows)
    {
        if (!field.StartsWith(list + "[", StringComparison.Ordinal)) return field;
        var close = field.IndexOf(']', list.Length);
        return int.TryParse(field.AsSpan(list.Length + 1, close - list.Length - 1), out var i) && i < rows.Count
            ? $"{list}[{rows[i]}]{field[(close + 1)..]}" : field;
    }

    /// <summary>Text split into a list: one a line, or separated by 、 or a comma.</summary>
    public static List<string> Split(string? text) =>
        [.. (text ?? "").Split(['\n', '、', ',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A table of value rows on the KPI form: the form's name of the list, the core's name of it (for its problems), the rows, whether a revision is open.</summary>
public sealed record ValueRows(string Name, string Field, IReadOnlyList<KpiModel.ValueRow> Rows, bool Revision, EditPage Page);
