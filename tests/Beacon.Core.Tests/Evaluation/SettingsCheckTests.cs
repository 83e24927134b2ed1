using Beacon.Core.Evaluation;
using Beacon.Core.Workflow;

namespace Beacon.Core.Tests.Evaluation;

/// <summary>
/// A change to a plan year's 評核設定 (SettingsCheck): planners only, until the year is approved, from the settings'
/// version, and settings that can be used — each problem at its field as data (a weight, a threshold, the weights
/// together), with the weights in shares of 1 and in the percent the settings form shows. The defaults (25/25/30/20,
/// ★ 92.5 ● 80 ▲ 75) reproduce the published Taipei figures.
/// </summary>
public sealed class SettingsCheckTests
{
    private static readonly Actor Planner = new(Planner: true);

    private static EvaluationSettings Settings(decimal achievement = 0.25m, decimal innovation = 0.25m, decimal challenge = 0.30m, decimal contribution = 0.20m,
        decimal excellent = 92.5m, decimal good = 80m, decimal fair = 75m) =>
        new(new ScoreWeights(achievement, innovation, challenge, contribution), new LightBands(excellent, good, fair), BandRule.Proportional);

    private static IReadOnlyList<Problem> Check(EvaluationSettings settings, Actor? actor = null, PlanStatus status = PlanStatus.Draft, int? version = 0, int current = 0) =>
        SettingsCheck.Check(new EntryContext("TPE-DVPC", 2022, status, actor ?? Planner), settings, version, current, EvaluationSettings.Default);

    [Fact]
    public void The_published_weights_and_bands_are_usable_settings() =>
        Assert.Empty(Check(Settings()));

    public static TheoryData<string, EvaluationSettings, string, SettingsField, string> Wrong => new()
    {
        { "weights adding up to 1.5", Settings(achievement: 0.5m, innovation: 0.5m), "settings.weights", SettingsField.Weights,
            "the four weights add up to 1.5 (150%), not 1 (100%)" },
        { "weights adding up to 0.95", Settings(contribution: 0.15m), "settings.weights", SettingsField.Weights,
            "the four weights add up to 0.95 (95%), not 1 (100%)" },
        { "a weight above 1", Settings(achievement: 1.2m, innovation: 0m, challenge: 0m, contribution: -0.2m), "settings.weights.achievement", SettingsField.Achievement,
            "weight 1.2 (120%) must be between 0 and 1 (100%)" },
        { "a fifth decimal", Settings(achievement: 0.33335m, innovation: 0.16665m), "settings.weights.achievement", SettingsField.Achievement,
            "weight 0.33335 has more than 4 decimals: 4 at most (e.g. 0.3334)" },
        { "a threshold above 100", Settings(excellent: 101m), "settings.bands.excellent", SettingsField.Excellent,
            "light threshold 101 must be between 0 and 100" },
        { "thresholds out of order", Settings(excellent: 70m), "settings.bands", SettingsField.Bands,
            "light thresholds must be excellent ≥ good ≥ fair" },
    };

    [Theory, MemberData(nameof(Wrong))]
    public void Settings_that_cannot_be_used_are_named_at_their_field(string _, EvaluationSettings settings, string path, SettingsField field, string says)
    {
        var problem = Assert.Single(Check(settings), p => p.Path == path);

        Assert.Equal((field, ProblemKind.Invalid), (problem.Setting, problem.Kind));
        Assert.Equal(says, problem.MessageEn);
    }

    [Fact]
    public void The_sum_is_said_in_Chinese_in_shares_and_in_percent()
    {
        var problem = Assert.Single(Check(Settings(contribution: 0.15m)));

        Assert.Equal("四項權重合計為 0.95（95%），應為 1（100%）", problem.Message);
    }

    [Fact]
    public void An_import_names_the_same_fields_under_its_own_path()
    {
        var problem = Assert.Single(Settings(challenge: 0.35m).Validate("$.evaluation"));

        Assert.Equal(("$.evaluation.weights", SettingsField.Weights), (problem.Path, problem.Setting));
    }

    public static TheoryData<string, Actor, PlanStatus, int?, int, ProblemKind> Refusals => new()
    {
        { "an agency editor", new Actor(Editor: true, Organisation: "TPE-DVPC"), PlanStatus.Draft, 0, 0, ProblemKind.Forbidden },
        { "a reviewer", new Actor(Reviewer: true), PlanStatus.Submitted, 0, 0, ProblemKind.Forbidden },
        { "an approved year", Planner, PlanStatus.Approved, 0, 0, ProblemKind.Locked },
        { "no version", Planner, PlanStatus.UnderReview, null, 0, ProblemKind.VersionRequired },
        { "an old version", Planner, PlanStatus.Draft, 0, 1, ProblemKind.Stale },
    };

    [Theory, MemberData(nameof(Refusals))]
    public void Planners_change_the_settings_until_the_year_is_approved_from_the_version_read(string _, Actor actor, PlanStatus status, int? version, int current, ProblemKind kind) =>
        Assert.Equal(kind, Assert.Single(Check(Settings(), actor, status, version, current)).Kind);

    [Fact]
    public void A_missing_version_says_where_to_read_it_and_an_old_one_what_is_saved_now()
    {
        var required = Assert.Single(Check(Settings(), version: null));
        var stale = SettingsCheck.Stale(2, Settings(excellent: 90m, good: 80m, fair: 70m));

        Assert.Equal(("settings.version", SettingsField.Version), (required.Path, required.Setting));
        Assert.Equal("Send the settings' current version: read settingsVersion from GET /api/orgs/TPE-DVPC/plans/2022/evaluation.", required.MessageEn);
        Assert.Equal("評核設定已被他人更新（目前版本 2：權重 達成度/創新度/挑戰度/貢獻度 25/25/30/20%，燈號 ★ ≥ 90、● ≥ 80、▲ ≥ 70，區間指標超出範圍時依比例計分），你的修改未儲存；請重新載入",
            stale.Message);
    }

    [Fact]
    public void The_settings_form_s_own_refusals_are_the_core_s_too()
    {
        Assert.Equal(("請填寫權重", SettingsField.Innovation), (SettingsCheck.Required(SettingsField.Innovation).Message, SettingsCheck.Required(SettingsField.Innovation).Setting));
        Assert.Equal("Enter the threshold.", SettingsCheck.Required(SettingsField.Good).MessageEn);
        Assert.Equal(("settings.bandRule", "There is no band rule '7': choose proportional or zero outside."),
            (SettingsCheck.NoSuchBandRule("7").Path, SettingsCheck.NoSuchBandRule("7").MessageEn));
    }
}
