using Beacon.Core.Codes;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using Beacon.Web.Data;

namespace Beacon.Web.Features.Interchange;

/// <summary>Between the interchange document and the stored plan, both ways, keeping document order.</summary>
public static class PlanMapping
{
    /// <summary>The stored plan as a document, in the lowest format version that carries it (<see cref="PlanDocument.VersionFor"/>).</summary>
    public static PlanDocument ToDocument(Plan plan)
    {
        var document = Document(plan);
        return document with { FormatVersion = PlanDocument.VersionFor(document) };
    }

    private static PlanDocument Document(Plan plan) => new()
    {
        Format = PlanDocument.FormatName,
        FormatVersion = PlanDocument.CurrentVersion,
        Organisation = new OrganisationDoc
        {
            Code = plan.Organisation.Code,
            Name = plan.Organisation.Name,
            ShortName = plan.Organisation.ShortName,
            NameEn = plan.Organisation.NameEn,
            Kind = plan.Organisation.Kind,
            Parent = plan.Organisation.Parent?.Code,
        },
        Year = plan.Year,
        Title = plan.Title,
        Mission = plan.Mission,
        Vision = plan.Vision,
        CoreValues = [.. plan.CoreValues],
        Approvals = [.. plan.Approvals.Select(a => new ApprovalDoc { Date = a.Date, Body = a.Body, Description = a.Description })],
        Perspectives = [.. plan.Perspectives.Select(p => new PerspectiveDoc { Code = p.Code, Kind = p.Kind, Name = p.Name })],
        Themes = [.. plan.Themes.Select(t => new ThemeDoc { Code = t.Code, Name = t.Name, CityTheme = t.CityTheme, Lead = t.Lead, Members = [.. t.Members] })],
        Objectives = [.. plan.Objectives.Select(o => new ObjectiveDoc
        {
            Code = o.Code,
            Name = o.Name,
            Ksf = o.Ksf,
            CityObjective = o.CityObjective,
            Note = o.Note,
            Kpis = [.. o.Kpis.Select(k => new KpiDoc
            {
                Code = k.Code,
                Name = k.Name,
                Ksf = k.Ksf,
                Formula = k.Formula,
                Expression = k.Expression,
                Unit = k.Unit,
                Direction = k.Direction,
                Responsible = [.. k.Responsible],
                Exempt = k.Exempt,
                CityKpi = k.CityKpi,
                Note = k.Note,
                Values = Values(k.Values),
                Inputs = k.Inputs.Count == 0 ? null : [.. k.Inputs.Select(i => new InputDoc { Year = i.Year, Period = i.Period, Name = i.Name, Value = Normalise(i.Value)!.Value })],
                Assessment = Assessment(k.Assessment),
                Parts = [.. k.Parts.Select(p => new KpiPartDoc { Name = p.Name, Formula = p.Formula, Weight = Normalise(p.Weight), Values = Values(p.Values) })],
                ActionPlans = [.. k.ActionPlans.Select(a => new ActionPlanDoc
                {
                    Code = a.Code,
                    Name = a.Name,
                    Responsible = [.. a.Responsible],
                    Note = a.Note,
                    Budgets = [.. a.Budgets.Select(b => new BudgetDoc { Year = b.Year, Text = b.Text })],
                    Milestones = [.. a.Milestones.Select(m => new MilestoneDoc { Period = m.Period, Text = m.Text })],
                })],
            })],
        })],
        Links = [.. plan.Links.Select(l => new LinkDoc { From = l.FromCode, To = l.ToCode })],
        Evaluation = plan.Evaluation is { } e ? EvaluationSettingsDoc.From(Settings(e)) : null,
    };

    public static EvaluationSettings Settings(EvaluationSetting? e) => e is null ? EvaluationSettings.Default : new(
        new ScoreWeights(Normalise(e.WeightAchievement)!.Value, Normalise(e.WeightInnovation)!.Value, Normalise(e.WeightChallenge)!.Value, Normalise(e.WeightContribution)!.Value),
        new LightBands(Normalise(e.BandExcellent)!.Value, Normalise(e.BandGood)!.Value, Normalise(e.BandFair)!.Value),
        e.BandRule);

    public static void Apply(EvaluationSetting target, EvaluationSettings settings)
    {
        target.WeightAchievement = settings.Weights.Achievement;
        target.WeightInnovation = settings.Weights.Innovation;
        target.WeightChallenge = settings.Weights.Challenge;
        target.WeightContribution = settings.Weights.Contribution;
        target.BandExcellent = settings.Bands.Excellent;
        target.BandGood = settings.Bands.Good;
        target.BandFair = settings.Bands.Fair;
        target.BandRule = settings.BandRule;
    }

    private static AssessmentDoc? Assessment(KpiAssessment? a)
    {
        if (a is null) return null;
        var self = a.SelfInnovation is null && a.SelfChallenge is null && a.SelfContribution is null && a.SelfJudgedMet is null && a.SelfExplanation is null
            ? null
            : new SelfAssessmentDoc { Innovation = Normalise(a.SelfInnovation), Challenge = Normalise(a.SelfChallenge), Contribution = Normalise(a.SelfContribution), Met = a.SelfJudgedMet, Explanation = a.SelfExplanation };
        var review = a.ReviewInnovation is null && a.ReviewChallenge is null && a.ReviewContribution is null && a.ReviewLight is null && a.ReviewJudgedMet is null && a.ReviewComment is null
            ? null
            : new ReviewDoc { Innovation = Normalise(a.ReviewInnovation), Challenge = Normalise(a.ReviewChallenge), Contribution = Normalise(a.ReviewContribution), Light = a.ReviewLight, Met = a.ReviewJudgedMet, Comment = a.ReviewComment };
        return self is null && review is null ? null : new AssessmentDoc { Self = self, Review = review };
    }

    private static KpiAssessment? Assessment(AssessmentDoc? doc, DateTimeOffset now) => doc is null ? null : new KpiAssessment
    {
        SelfInnovation = doc.Self?.Innovation,
        SelfChallenge = doc.Self?.Challenge,
        SelfContribution = doc.Self?.Contribution,
        SelfJudgedMet = doc.Self?.Met,
        SelfExplanation = doc.Self?.Explanation,
        ReviewInnovation = doc.Review?.Innovation,
        ReviewChallenge = doc.Review?.Challenge,
        ReviewContribution = doc.Review?.Contribution,
        ReviewLight = doc.Review?.Light,
        ReviewJudgedMet = doc.Review?.Met,
        ReviewComment = doc.Review?.Comment,
        UpdatedAt = now,
        Version = 1,
    };

    // Databases hand decimals back with their column's scale (50.0000); the document writes 50.
    private static decimal? Normalise(decimal? value) => value / 1.000000000000000000000000000000000m;

    private static List<ValueDoc> Values(IEnumerable<KpiValue> values) =>
        [.. values.Select(v => new ValueDoc { Year = v.Year, Period = v.Period, Kind = v.Kind, Text = v.Read().Printed, Original = v.Original, Reason = v.Reason })];

    /// <summary>Builds the entity graph of a validated document (codes already checked by <see cref="PlanValidator"/>).</summary>
    public static Plan ToEntity(PlanDocument doc, Organisation organisation, DateTimeOffset now)
    {
        var perspectives = doc.Perspectives.Select((p, i) => new Perspective { Position = i, Code = p.Code, Kind = p.Kind, Name = p.Name }).ToList();
        var themes = doc.Themes.Select((t, i) => new Theme
        {
            Position = i, Code = t.Code, Name = t.Name, CityTheme = t.CityTheme, Lead = t.Lead, Members = [.. t.Members],
        }).ToList();
        var themeByLetter = themes.ToDictionary(t => t.Code[0]);

        Perspective PerspectiveOf(char letter) =>
            perspectives.FirstOrDefault(p => p.Code[0] == letter) ?? perspectives.First(p => p.Kind.StandardLetter() == letter);

        return new Plan
        {
            Organisation = organisation,
            Year = doc.Year,
            Title = doc.Title,
            Mission = doc.Mission,
            Vision = doc.Vision,
            CoreValues = [.. doc.CoreValues],
            ImportedAt = now,
            Approvals = [.. doc.Approvals.Select((a, i) => new PlanApproval { Position = i, Date = a.Date, Body = a.Body, Description = a.Description })],
            Perspectives = perspectives,
            Themes = themes,
            Links = [.. doc.Links.Select((l, i) => new ObjectiveLink { Position = i, FromCode = l.From, ToCode = l.To })],
            Evaluation = doc.Evaluation is { } settings ? NewSetting(settings.ToSettings()) : null,
            Objectives = [.. doc.Objectives.Select((o, oi) =>
            {
                ObjectiveCode.TryParse(o.Code, out var code);
                return new Objective
                {
                    Position = oi,
                    Code = o.Code,
                    Name = o.Name,
                    Theme = code.IsShared ? null : themeByLetter[code.Theme],
                    Perspective = PerspectiveOf(code.Perspective),
                    Ksf = o.Ksf,
                    CityObjective = o.CityObjective,
                    Note = o.Note,
                    Kpis = [.. o.Kpis.Select((k, ki) => new Kpi
                    {
                        Position = ki,
                        Code = k.Code,
                        Name = k.Name,
                        Ksf = k.Ksf,
                        Formula = k.Formula,
                        Expression = k.Expression,
                        Unit = k.Unit,
                        Direction = k.Direction,
                        Responsible = [.. k.Responsible],
                        Exempt = k.Exempt,
                        CityKpi = k.CityKpi,
                        Note = k.Note,
                        Values = Computed(Values(k.Values), k),
                        Inputs = [.. (k.Inputs ?? []).Select(i => new KpiInput { Year = i.Year, Period = i.Period, Name = i.Name, Value = i.Value })],
                        Assessment = Assessment(k.Assessment, now),
                        Parts = [.. k.Parts.Select((p, pi) => new KpiPart { Position = pi, Name = p.Name, Formula = p.Formula, Weight = p.Weight, Values = Values(p.Values) })],
                        ActionPlans = [.. k.ActionPlans.Select((a, ai) => new ActionPlan
                        {
                            Position = ai,
                            Code = a.Code,
                            Name = a.Name,
                            Responsible = [.. a.Responsible],
                            Note = a.Note,
                            Budgets = [.. a.Budgets.Select((b, bi) => new Budget { Position = bi, Year = b.Year, Text = b.Text, Amount = BudgetAmount(b.Text) })],
                            Milestones = [.. a.Milestones.Select((m, mi) => new Milestone { Position = mi, Period = m.Period, Text = m.Text })],
                        })],
                    })],
                };
            })],
        };
    }

    private static EvaluationSetting NewSetting(EvaluationSettings settings)
    {
        var row = new EvaluationSetting { Version = 1 };
        Apply(row, settings);
        return row;
    }

    private static List<KpiValue> Values(List<ValueDoc> values) => [.. values.Select((v, i) =>
    {
        var value = new KpiValue { Position = i, Year = v.Year, Period = v.Period, Kind = v.Kind, Text = v.Text, Original = v.Original, Reason = v.Reason };
        value.SetText(v.Text);
        return value;
    })];

    /// <summary>
    /// The document carries a computed actual as its readable text (33.3333) beside its inputs; the number is
    /// computed again from the inputs, so an imported copy evaluates at full precision as the original did.
    /// </summary>
    private static List<KpiValue> Computed(List<KpiValue> values, KpiDoc kpi)
    {
        if (kpi.Expression is null || kpi.Inputs is not { Count: > 0 } inputs || Beacon.Core.Formulas.Formula.Parse(kpi.Expression).Formula is not { } formula)
            return values;
        foreach (var value in values.Where(v => v.Kind == ValueKind.Actual && v.Form == ValueForm.Number && v.Number is not null))
        {
            var given = inputs.Where(i => i.Year == value.Year && i.Period == value.Period).ToDictionary(i => i.Name, i => i.Value);
            if (given.Count == 0 || formula.Evaluate(given).Value is not { } exact) continue;
            var shown = value.Number!.Value;
            if (exact.Scale > shown.Scale && Math.Round(exact, shown.Scale, MidpointRounding.AwayFromZero) == shown) value.Number = exact;
        }
        return values;
    }

    /// <summary>
    /// A published version's document as the plan pages read a stored plan: the same entity graph, never saved, with
    /// its organisation's names as the version has them (the organisation's place among the others, its parent, as
    /// stored), the plan row's id (for its workflow history) and ids of its own elsewhere (negative, so they match no
    /// stored row), every reference between its parts set.
    /// </summary>
    public static Plan ToUnsavedPlan(PlanDocument doc, Organisation stored, int planId, PlanStatus status, int version)
    {
        var organisation = new Organisation
        {
            Id = stored.Id, Code = stored.Code, Name = doc.Organisation.Name, ShortName = doc.Organisation.ShortName, NameEn = doc.Organisation.NameEn,
            Kind = doc.Organisation.Kind, ParentId = stored.ParentId, Parent = stored.Parent, Version = stored.Version,
        };
        var plan = ToEntity(doc, organisation, default);
        plan.Id = planId;
        plan.OrganisationId = stored.Id;
        plan.Status = status;
        plan.Version = version;
        var id = 0;
        int Next() => --id;
        foreach (var p in plan.Perspectives) { p.Id = Next(); p.PlanId = planId; }
        foreach (var t in plan.Themes) { t.Id = Next(); t.PlanId = planId; }
        foreach (var a in plan.Approvals) { a.Id = Next(); a.PlanId = planId; }
        foreach (var l in plan.Links) { l.Id = Next(); l.PlanId = planId; }
        if (plan.Evaluation is { } settings) { settings.Id = Next(); settings.PlanId = planId; }
        foreach (var o in plan.Objectives)
        {
            o.Id = Next();
            o.PlanId = planId;
            o.ThemeId = o.Theme?.Id;
            o.PerspectiveId = o.Perspective.Id;
            foreach (var k in o.Kpis)
            {
                k.Id = Next();
                k.ObjectiveId = o.Id;
                k.Objective = o;
                foreach (var v in k.Values) { v.Id = Next(); v.KpiId = k.Id; }
                foreach (var i in k.Inputs) { i.Id = Next(); i.KpiId = k.Id; }
                if (k.Assessment is { } assessment) { assessment.Id = Next(); assessment.KpiId = k.Id; }
                foreach (var part in k.Parts)
                {
                    part.Id = Next();
                    part.KpiId = k.Id;
                    foreach (var v in part.Values) { v.Id = Next(); v.KpiPartId = part.Id; }
                }
                foreach (var a in k.ActionPlans)
                {
                    a.Id = Next();
                    a.KpiId = k.Id;
                    foreach (var b in a.Budgets) { b.Id = Next(); b.ActionPlanId = a.Id; }
                    foreach (var m in a.Milestones) { m.Id = Next(); m.ActionPlanId = a.Id; }
                }
            }
        }
        return plan;
    }

    /// <summary>The NT$ amount of a printed budget ("803,500" → 803500; "無" → null).</summary>
    public static decimal? BudgetAmount(string text)
    {
        var parsed = ValueText.Parse(text);
        return parsed.Form == ValueForm.Number && parsed.Prefix.Length == 0 ? parsed.Number : null;
    }
}
