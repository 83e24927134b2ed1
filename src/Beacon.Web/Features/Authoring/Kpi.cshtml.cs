using System.Globalization;
using Beacon.Core.Authoring;
using Beacon.Core.Codes;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// A KPI's form: its code (objective and number; a new one renumbers it), every field of its definition, its values of
/// every year (targets and earlier actuals; the plan year's evaluation data shown, not changed), and its weighted parts.
/// In a revision each changed target shows its original and takes a reason.
/// </summary>
public sealed class KpiModel(BeaconDb db, PlanEditor editor) : ElementPage(db, editor, ElementKind.Kpi)
{
    public sealed class ValueRow
    {
        public string? Year { get; set; }
        public string? Kind { get; set; }
        public string? Text { get; set; }
        public string? Reason { get; set; }
        /// <summary>Shown, not posted: the target as first approved.</summary>
        public string? Original { get; set; }
    }

    public sealed class PartRow
    {
        public string? Name { get; set; }
        public string? Formula { get; set; }
        public string? Weight { get; set; }
        public List<ValueRow> Values { get; set; } = [];
    }

    [FromQuery(Name = "objective")] public string? ForObjective { get; set; }
    [BindProperty] public string? ObjectiveCode { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Ksf { get; set; }
    [BindProperty] public string? Formula { get; set; }
    [BindProperty] public string? Expression { get; set; }
    [BindProperty] public string? Unit { get; set; }
    [BindProperty] public string? Direction { get; set; }
    [BindProperty] public string? Responsible { get; set; }
    [BindProperty] public bool Exempt { get; set; }
    [BindProperty] public string? CityKpi { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public List<ValueRow> Values { get; set; } = [];
    [BindProperty] public List<PartRow> Parts { get; set; } = [];

    /// <summary>The plan year's evaluation data of this KPI (actuals of the year and later, progress values): shown, kept as stored.</summary>
    public IReadOnlyList<ValueDoc> Evaluation { get; private set; } = [];

    public bool InRevision => Plan.RevisionReason is not null;

    protected override bool Exists() => Plan.Objectives.Any(o => o.Kpis.Any(k => k.Code == Code));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        if (!IsNew && !MayEdit()) return Forbid();
        Fill();
        if (IsNew) ObjectiveCode = ForObjective ?? Plan.Objectives.FirstOrDefault()?.Code;
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        Evaluation = Stored()?.Values.Where(v => PlanEdits.IsEvaluationValue(v, Year)).ToList() ?? [];
        var code = $"{ObjectiveCode?.Trim()}.{Number?.Trim()}";
        var (values, valueRows) = Read(Values, "values");
        var parts = new List<KpiPartDoc>();
        var partRows = new List<int>();
        var partValueRows = new List<IReadOnlyList<int>>();
        for (var p = 0; p < Parts.Count; p++)
        {
            var part = Parts[p];
            if (Blank(part.Name) is null) continue;
            decimal? weight = null;
            if (Blank(part.Weight) is { } w)
            {
                if (decimal.TryParse(w, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)) weight = parsed;
                else Errors[$"parts[{p}].weight"] = Ui.English ? "The weight is a number, e.g. 50." : "權重請填數字，例如 50";
            }
            var (partValues, rows) = Read(part.Values, $"parts[{p}].values");
            partRows.Add(p);
            partValueRows.Add(rows);
            parts.Add(new KpiPartDoc { Name = part.Name!, Formula = part.Formula, Weight = weight, Values = partValues });
        }
        Direction? direction = Enum.TryParse<Beacon.Core.Plans.Direction>(Direction, out var d) && Enum.IsDefined(d) ? d : null;
        if (Errors.Count > 0) { Pad(); return Invalid(); }
        var edit = new KpiEdit
        {
            Code = code, Name = Name, Ksf = Ksf, Formula = Formula, Expression = Expression, Unit = Unit, Direction = direction,
            Responsible = Split(Responsible), Exempt = Exempt, CityKpi = CityKpi, Note = Note, Values = values, Parts = parts, Reason = Reason,
            Version = IsNew ? null : Version,
        };
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.PutKpi(IsNew ? code : Code!, edit), Me, ct);
        if (outcome.Succeeded) return SavedAt(code);
        Pad();
        return Refused(outcome, new PlanPlace(ElementKind.Kpi, IsNew ? code : Code), f =>
        {
            var part = System.Text.RegularExpressions.Regex.Match(f, @"^parts\[(\d+)\](.*)$");
            if (!part.Success) return Row(f, "values", valueRows);
            var i = int.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            if (i >= partRows.Count) return f;
            var rest = part.Groups[2].Value;
            return $"parts[{partRows[i]}]{(rest.StartsWith(".values[", StringComparison.Ordinal) ? "." + Row(rest[1..], "values", partValueRows[i]) : rest)}";
        });
    }

    /// <summary>Rows of values as typed: blank ones left out, each a year (number), a kind and a text; the rows kept, for placing problems.</summary>
    private (List<ValueDoc> Values, List<int> Rows) Read(List<ValueRow> rows, string field)
    {
        var values = new List<ValueDoc>();
        var kept = new List<int>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (Blank(row.Text) is null && Blank(row.Year) is null) continue;
            if (!int.TryParse(row.Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                Errors[$"{field}[{i}].year"] = Ui.English ? "The year is a Gregorian year, e.g. 2023." : "年度請填西元年，例如 2023（民國112年）";
                continue;
            }
            var kind = row.Kind == nameof(ValueKind.Actual) ? ValueKind.Actual : ValueKind.Target;
            kept.Add(i);
            values.Add(new ValueDoc { Year = year, Kind = kind, Text = row.Text ?? "", Reason = Blank(row.Reason) });
        }
        return (values, kept);
    }

    private KpiDoc? Stored() => Beacon.Web.Features.Interchange.PlanMapping.ToDocument(Plan).Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.Code == Code);

    private bool MayEdit() => Plan.Objectives.SelectMany(o => o.Kpis).First(k => k.Code == Code).Responsible is var r && Me.CanAuthorUnit(Plan.Organisation.Code, r);

    protected override void Fill()
    {
        if (EditShapes.Kpi(Plan, Code ?? "") is not { } k || !KpiCode.TryParse(k.Code, out var code)) return;
        (ObjectiveCode, Number) = (code.Objective.ToString(), code.Number.ToString(CultureInfo.InvariantCulture));
        (Name, Ksf, Formula, Expression, Unit, Direction, Responsible, Exempt, CityKpi, Note, Version) =
            (k.Name, k.Ksf, k.Formula, k.Expression, k.Unit, k.Direction.ToString(), string.Join("、", k.Responsible), k.Exempt, k.CityKpi, k.Note, k.Version ?? 0);
        Evaluation = [.. k.Values.Where(v => PlanEdits.IsEvaluationValue(v, Year))];
        Values = [.. k.Values.Where(v => !PlanEdits.IsEvaluationValue(v, Year)).Select(Row)];
        Parts = [.. k.Parts.Select(p => new PartRow
        {
            Name = p.Name, Formula = p.Formula, Weight = p.Weight?.ToString(CultureInfo.InvariantCulture),
            Values = [.. p.Values.Where(v => !PlanEdits.IsEvaluationValue(v, Year)).Select(Row)],
        })];
    }

    private static ValueRow Row(ValueDoc v) => new()
    {
        Year = v.Year.ToString(CultureInfo.InvariantCulture), Kind = v.Kind.ToString(), Text = v.Text, Reason = v.Reason, Original = v.Original,
    };

    /// <summary>Blank rows to type into: three values, a new part with two.</summary>
    private void Pad()
    {
        var stored = Stored();
        foreach (var row in Values.Where(r => r.Original is null))
            row.Original = stored?.Values.FirstOrDefault(v => v.Year.ToString(CultureInfo.InvariantCulture) == row.Year && v.Kind.ToString() == row.Kind && v.Period is null)?.Original;
        static bool IsBlank(ValueRow r) => string.IsNullOrWhiteSpace(r.Text) && string.IsNullOrWhiteSpace(r.Year);
        while (Values.Count(IsBlank) < 3) Values.Add(new ValueRow { Kind = nameof(ValueKind.Target) });
        foreach (var part in Parts.Where(p => !p.Values.Any(IsBlank))) part.Values.Add(new ValueRow { Kind = nameof(ValueKind.Target) });
        if (!Parts.Any(p => string.IsNullOrWhiteSpace(p.Name)))
            Parts.Add(new PartRow { Values = [new ValueRow { Kind = nameof(ValueKind.Target) }, new ValueRow { Kind = nameof(ValueKind.Target) }] });
    }
}
