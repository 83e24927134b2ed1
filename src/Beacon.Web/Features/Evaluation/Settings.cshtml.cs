using Beacon.Core;
using Beacon.Core.Evaluation;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Evaluation;

/// <summary>評核設定 of a plan year: score weights (in percent on the form), light bands and the band rule.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Roles = Roles.Administrator + "," + Roles.Planner)]
public sealed class SettingsModel(BeaconDb db, EvaluationWriter writer) : PlanPage(db)
{
    [BindProperty] public string? WeightAchievement { get; set; }
    [BindProperty] public string? WeightInnovation { get; set; }
    [BindProperty] public string? WeightChallenge { get; set; }
    [BindProperty] public string? WeightContribution { get; set; }
    [BindProperty] public string? BandExcellent { get; set; }
    [BindProperty] public string? BandGood { get; set; }
    [BindProperty] public string? BandFair { get; set; }
    /// <summary>As posted, so a value that is no rule is named rather than read as the first one.</summary>
    [BindProperty] public string? BandRule { get; set; }
    [BindProperty] public int Version { get; set; }
    [FromQuery(Name = "saved")] public bool Saved { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public bool Open => WorkflowRules.OpenForSettings(Plan.Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Prepare();
        var s = PlanMapping.Settings(Plan.Evaluation);
        WeightAchievement = Percent(s.Weights.Achievement);
        WeightInnovation = Percent(s.Weights.Innovation);
        WeightChallenge = Percent(s.Weights.Challenge);
        WeightContribution = Percent(s.Weights.Contribution);
        BandExcellent = EntryRow.Show(s.Bands.Excellent);
        BandGood = EntryRow.Show(s.Bands.Good);
        BandFair = EntryRow.Show(s.Bands.Fair);
        BandRule = s.BandRule.ToString();
        Version = Plan.Evaluation?.Version ?? 0;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return Page();
        Prepare();
        var typed = new List<(string Field, Problem Problem)>();
        var weights = new[] { WeightAchievement, WeightInnovation, WeightChallenge, WeightContribution }.Select((x, i) => EntryRow.Number(x, WeightFields[i], typed)).ToArray();
        var bands = new[] { BandExcellent, BandGood, BandFair }.Select((x, i) => EntryRow.Number(x, BandFields[i], typed)).ToArray();
        for (var i = 0; i < 4; i++) if (weights[i] is null && !typed.Any(t => t.Field == WeightFields[i])) typed.Add((WeightFields[i], new Problem(WeightFields[i], "請填寫權重", "enter the weight")));
        for (var i = 0; i < 3; i++) if (bands[i] is null && !typed.Any(t => t.Field == BandFields[i])) typed.Add((BandFields[i], new Problem(BandFields[i], "請填寫門檻", "enter the threshold")));
        var rule = ParseRule(BandRule);
        if (rule is null)
            typed.Add(("BandRule", new Problem("BandRule", $"區間指標計分方式「{BandRule}」不存在：請選「依比例」或「以 0 計」",
                $"there is no band rule '{BandRule}': choose proportional or zero outside")));
        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        if (Errors.Count > 0) return Invalid();

        var settings = new EvaluationSettings(
            new ScoreWeights(weights[0]!.Value / 100m, weights[1]!.Value / 100m, weights[2]!.Value / 100m, weights[3]!.Value / 100m),
            new LightBands(bands[0]!.Value, bands[1]!.Value, bands[2]!.Value), rule!.Value);
        var result = await writer.SaveSettingsAsync(Org, Year, settings, Version, User.Actor(), ct);
        if (result.Succeeded) return Redirect($"{PlanUrl}/settings?saved=true");
        var sum = (weights[0] + weights[1] + weights[2] + weights[3])!.Value;
        foreach (var problem in result.Problems)
            if (problem.Path == "settings.weights")
                Errors.TryAdd("weights", Ui.English ? $"the four weights add up to {EntryRow.Show(sum)}%, not 100%" : $"四項權重合計為 {EntryRow.Show(sum)}%，應為 100%");
            else Errors.TryAdd(problem.Path switch
            {
                var p when p.StartsWith("settings.weights", StringComparison.Ordinal) => "weights",
                var p when p.StartsWith("settings.bands", StringComparison.Ordinal) => "bands",
                _ => "form",
            }, problem.MessageFor(Ui.English));
        Response.StatusCode = result.StatusCode;
        return Page();
    }

    private static readonly string[] WeightFields = ["WeightAchievement", "WeightInnovation", "WeightChallenge", "WeightContribution"];
    private static readonly string[] BandFields = ["BandExcellent", "BandGood", "BandFair"];

    private void Prepare()
    {
        ViewData["Title"] = Ui.T("settings.title");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("settings.title"), null));
    }

    private static string Percent(decimal weight) => EntryRow.Show(weight * 100m);

    /// <summary>A band rule by its name only (a number such as "7" is no rule, though an enum would take it).</summary>
    private static BandRule? ParseRule(string? text) =>
        Enum.GetValues<BandRule>().Cast<BandRule?>().FirstOrDefault(r => r.ToString() == text);
}
