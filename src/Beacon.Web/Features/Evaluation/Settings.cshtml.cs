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
    /// <summary>A form on the stored plan: the working copy, whoever reads it.</summary>
    protected override bool ReadsWorkingCopy => true;

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
        decimal? Read(string? text, SettingsField field)
        {
            if (string.IsNullOrWhiteSpace(text)) { typed.Add((FieldOf(field), SettingsCheck.Required(field))); return null; }
            return EntryRow.Number(text, FieldOf(field), typed);
        }
        var weights = new[] { (WeightAchievement, SettingsField.Achievement), (WeightInnovation, SettingsField.Innovation), (WeightChallenge, SettingsField.Challenge), (WeightContribution, SettingsField.Contribution) }
            .Select(w => Read(w.Item1, w.Item2)).ToArray();
        var bands = new[] { (BandExcellent, SettingsField.Excellent), (BandGood, SettingsField.Good), (BandFair, SettingsField.Fair) }
            .Select(b => Read(b.Item1, b.Item2)).ToArray();
        var rule = FormChoice.Of<BandRule>(BandRule);
        if (rule is null) typed.Add((FieldOf(SettingsField.BandRule), SettingsCheck.NoSuchBandRule(BandRule)));
        foreach (var (field, problem) in typed) Errors.TryAdd(field, problem.MessageFor(Ui.English));
        if (Errors.Count > 0) return Invalid();

        // The form shows weights in percent; the settings keep them as shares of 1.
        var settings = new EvaluationSettings(
            new ScoreWeights(weights[0]!.Value / 100m, weights[1]!.Value / 100m, weights[2]!.Value / 100m, weights[3]!.Value / 100m),
            new LightBands(bands[0]!.Value, bands[1]!.Value, bands[2]!.Value), rule!.Value);
        var result = await writer.SaveSettingsAsync(Org, Year, settings, Version, User.Actor(), ct);
        if (result.Succeeded) return Redirect($"{PlanUrl}/settings?saved=true");
        if (result.Forbidden) return Forbid();
        foreach (var problem in result.Problems)
            Errors.TryAdd(problem.Setting is { } field ? FieldOf(field) : "form", problem.MessageFor(Ui.English));
        Response.StatusCode = result.StatusCode;
        return Page();
    }

    /// <summary>
    /// The form's field of a problem's place: each weight and threshold its input; the weights or the thresholds
    /// together, and the rest, above the form.
    /// </summary>
    public static string FieldOf(SettingsField field) => field switch
    {
        SettingsField.Achievement => nameof(WeightAchievement),
        SettingsField.Innovation => nameof(WeightInnovation),
        SettingsField.Challenge => nameof(WeightChallenge),
        SettingsField.Contribution => nameof(WeightContribution),
        SettingsField.Excellent => nameof(BandExcellent),
        SettingsField.Good => nameof(BandGood),
        SettingsField.Fair => nameof(BandFair),
        SettingsField.Weights => "weights",
        SettingsField.Bands => "bands",
        SettingsField.BandRule => nameof(BandRule),
        _ => "form",
    };

    private void Prepare()
    {
        ViewData["Title"] = Ui.T("settings.title");
        ViewData["Tab"] = "evaluation";
        Breadcrumbs((Ui.T("plan.evaluation"), $"{PlanUrl}/evaluation"), (Ui.T("settings.title"), null));
    }

    private static string Percent(decimal weight) => EntryRow.Show(weight * 100m);
}
