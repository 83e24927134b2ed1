using System.Globalization;
using Beacon.Core.Authoring;
using Beacon.Core.Codes;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Authoring;

/// <summary>An action plan's form: its code (KPI and number), name, responsible units, note, budgets per year and the bi-monthly milestones.</summary>
public sealed class ActionPlanModel(BeaconDb db, PlanEditor editor) : ElementPage(db, editor, ElementKind.ActionPlan)
{
    public sealed class BudgetRow
    {
        public string? Year { get; set; }
        public string? Text { get; set; }
    }

    [FromQuery(Name = "kpi")] public string? ForKpi { get; set; }
    [BindProperty] public string? KpiCode { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Responsible { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public List<BudgetRow> Budgets { get; set; } = [];
    /// <summary>The task of each bi-month, in the order of <see cref="MilestonePeriods.All"/>.</summary>
    [BindProperty] public List<string?> Milestones { get; set; } = [];

    protected override bool Exists() => Plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).Any(a => a.Code == Code);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        Fill();
        if (IsNew) KpiCode = ForKpi ?? Plan.Objectives.SelectMany(o => o.Kpis).FirstOrDefault()?.Code;
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenElementAsync(ct) is { } refused) return refused;
        var code = $"{KpiCode?.Trim()}.{Number?.Trim()}";
        var budgets = new List<BudgetDoc>();
        var rows = new List<int>();
        for (var i = 0; i < Budgets.Count; i++)
        {
            // A row without an amount is no budget (the blank rows come with a year filled in to type beside).
            if (Blank(Budgets[i].Text) is null) continue;
            if (!int.TryParse(Budgets[i].Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                Errors[$"budgets[{i}].year"] = Ui.English ? "The year is a Gregorian year, e.g. 2023." : "年度請填西元年，例如 2023（民國112年）";
                continue;
            }
            rows.Add(i);
            budgets.Add(new BudgetDoc { Year = year, Text = Budgets[i].Text ?? "" });
        }
        if (Errors.Count > 0) { Pad(); return Invalid(); }
        var milestones = MilestonePeriods.All.Select((period, i) => new MilestoneDoc { Period = period, Text = Milestones.ElementAtOrDefault(i) ?? "" })
            .Where(m => !string.IsNullOrWhiteSpace(m.Text)).ToList();
        var edit = new ActionPlanEdit
        {
            Code = code, Name = Name, Responsible = Split(Responsible), Note = Note, Budgets = budgets, Milestones = milestones, Version = IsNew ? null : Version,
        };
        var outcome = await Editor.EditAsync(Org, Year, new PlanChange.PutActionPlan(IsNew ? code : Code!, edit), Me, ct);
        if (outcome.Succeeded) return SavedAt(code);
        Pad();
        return Refused(outcome, new PlanPlace(ElementKind.ActionPlan, IsNew ? code : Code), f =>
            f.StartsWith("milestones[", StringComparison.Ordinal) && int.TryParse(f.AsSpan(11, f.IndexOf(']') - 11), out var m) && m < milestones.Count
                ? $"milestones[{MilestonePeriods.All.ToList().IndexOf(milestones[m].Period)}]{f[(f.IndexOf(']') + 1)..]}"
                : Row(f, "budgets", rows));
    }

    protected override void Fill()
    {
        if (EditShapes.ActionPlan(Plan, Code ?? "") is not { } a || !ActionPlanCode.TryParse(a.Code, out var code)) return;
        (KpiCode, Number) = (code.Kpi.ToString(), code.Number.ToString(CultureInfo.InvariantCulture));
        (Name, Responsible, Note, Version) = (a.Name, string.Join("、", a.Responsible), a.Note, a.Version ?? 0);
        Budgets = [.. a.Budgets.Select(b => new BudgetRow { Year = b.Year.ToString(CultureInfo.InvariantCulture), Text = b.Text })];
        Milestones = [.. MilestonePeriods.All.Select(p => a.Milestones.FirstOrDefault(m => m.Period == p)?.Text)];
    }

    /// <summary>Two blank budget rows to type into (the plan year and the next when there are none), and a field per bi-month.</summary>
    private void Pad()
    {
        if (Budgets.Count == 0)
            Budgets = [new BudgetRow { Year = Year.ToString(CultureInfo.InvariantCulture) }, new BudgetRow { Year = (Year + 1).ToString(CultureInfo.InvariantCulture) }];
        while (Budgets.Count(b => string.IsNullOrWhiteSpace(b.Text)) < 1) Budgets.Add(new BudgetRow());
        while (Milestones.Count < MilestonePeriods.All.Count) Milestones.Add(null);
    }
}
