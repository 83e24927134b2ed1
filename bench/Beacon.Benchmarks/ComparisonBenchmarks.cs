using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using Beacon.Core.Cascade;
using Beacon.Core.Comparison;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Benchmarks;

/// <summary>
/// The revision comparison (修正對照表) of two city-sized plans, and the cascade of a city year over its bureau plans.
/// The city plan is the dataset's TPE-2021 (85 objectives, 162 KPIs, 243 action plans).
/// </summary>
[MemoryDiagnoser]
public class ComparisonBenchmarks
{
    private PlanDocument city = null!;
    private PlanDocument revised = null!;
    private PlanDocument unrelated = null!;
    private List<BureauPlan> bureaus = [];

    /// <summary>Bureau plans in the cascade: about the number of agencies of Taipei.</summary>
    public const int Bureaus = 40;

    [GlobalSetup]
    public void Setup()
    {
        var projectDirectory = typeof(ComparisonBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
        var path = Path.Combine(projectDirectory, "..", "..", "data", "plans", "TPE-2021.json");
        city = PlanJson.Read(File.ReadAllText(path)).Document ?? throw new InvalidOperationException($"cannot read {path}");
        revised = Revise(city, new Random(2021));
        // Every name reversed: no character pair in common, so every item is compared with every other (the slowest case).
        unrelated = city with
        {
            Objectives = [.. city.Objectives.Select(o => o with
            {
                Name = Reverse(o.Name),
                Kpis = [.. o.Kpis.Select(k => k with { Name = Reverse(k.Name), ActionPlans = [.. k.ActionPlans.Select(a => a with { Name = Reverse(a.Name) })] })],
            })],
        };
        bureaus = [.. Enumerable.Range(1, Bureaus).Select(i => Bureau(city, i))];

        var c = Revised();
        var matched = Unrelated().Items.Count(i => i.Before is not null && i.After is not null);
        if (c.Items.Count(i => i.IsUnchanged) < c.Items.Count / 2 || !c.HasChanges || matched > 10)
            throw new InvalidOperationException($"the benchmark plans do not differ as intended: {c.Items.Count(i => i.IsUnchanged)} of {c.Items.Count} unchanged in the revision, {matched} matched in the unrelated plans");
        if (Cascade().Total.Kpis == 0) throw new InvalidOperationException("the benchmark bureaus carry nothing");
    }

    /// <summary>A plan revised as a year's revision might be: a tenth of the names touched, KPIs dropped, renumbered and retargeted.</summary>
    private static PlanDocument Revise(PlanDocument plan, Random random) => plan with
    {
        Year = plan.Year + 1,
        Objectives = [.. plan.Objectives.Select(o => o with
        {
            Name = random.Next(10) == 0 ? o.Name + "與服務" : o.Name,
            Kpis = [.. o.Kpis.Where(_ => random.Next(20) != 0).Select((k, i) =>
            {
                var code = $"{o.Code}.{i + 1}";
                return k with
                {
                    Code = code,
                    Name = random.Next(10) == 0 ? k.Name + "(修正)" : k.Name,
                    Values = [.. k.Values.Select(v => v.Kind == ValueKind.Target && random.Next(5) == 0 ? v with { Text = "100" } : v)],
                    ActionPlans = [.. k.ActionPlans.Select((a, j) => a with { Code = $"{code}.{j + 1}", Name = random.Next(10) == 0 ? "新" + a.Name : a.Name })],
                };
            })],
        })],
    };

    private static string Reverse(string text) => new([.. text.Reverse()]);

    /// <summary>A bureau of the city: fifty KPIs, a third of its objectives carrying a city objective, some KPIs naming city KPIs.</summary>
    private static BureauPlan Bureau(PlanDocument city, int n)
    {
        var random = new Random(n);
        var cityObjectives = city.Objectives.Where(o => o.Kpis.Count > 0).ToList();
        var objectives = Enumerable.Range(1, 12).Select(i =>
        {
            var code = $"A{"CPLF"[i % 4]}{i}";
            var carried = random.Next(3) == 0 ? cityObjectives[random.Next(cityObjectives.Count)] : null;
            return new ObjectiveDoc
            {
                Code = code,
                Name = $"策略目標{i}",
                CityObjective = carried?.Code,
                Kpis = [.. Enumerable.Range(1, i % 3 == 0 ? 6 : 4).Select(k => new KpiDoc
                {
                    Code = $"{code}.{k}",
                    Name = $"指標{i}-{k}",
                    Direction = Direction.Positive,
                    CityKpi = carried is not null && k == 1 ? carried.Kpis[0].Code : null,
                    ActionPlans = [new ActionPlanDoc { Code = $"{code}.{k}.1", Name = $"計畫{i}-{k}" }],
                })],
            };
        }).ToList();
        var plan = new PlanDocument
        {
            Format = PlanDocument.FormatName,
            FormatVersion = PlanDocument.CurrentVersion,
            Organisation = new OrganisationDoc { Code = $"TPE-B{n:00}", Name = $"局處{n}", Kind = OrganisationKind.Agency, Parent = "TPE" },
            Year = city.Year,
            Perspectives = city.Perspectives,
            Themes = [new ThemeDoc { Code = "A", Name = "主題", CityTheme = random.Next(2) == 0 ? city.Themes[n % city.Themes.Count].Code : null }],
            Objectives = objectives,
        };
        var evaluations = objectives.SelectMany(o => o.Kpis).ToDictionary(k => k.Code, k => KpiEvaluator.Evaluate(
            new KpiEvaluationInput(k.Code, k.Direction, false, Beacon.Core.Values.ValueText.Parse("100"),
                Beacon.Core.Values.ValueText.Parse((80 + random.Next(40)).ToString(CultureInfo.InvariantCulture)), [], null,
                new Scores(80, 85, 85), null), EvaluationSettings.Default));
        return new BureauPlan(plan, evaluations);
    }

    /// <summary>A city plan against its revision a year later.</summary>
    [Benchmark(Baseline = true)]
    public PlanComparison Revised() => PlanComparer.Compare(city, revised);

    /// <summary>A city plan against itself: everything matched in the first pass.</summary>
    [Benchmark]
    public PlanComparison Itself() => PlanComparer.Compare(city, city);

    /// <summary>Two city-sized plans that share nothing: every name compared with every other of its level.</summary>
    [Benchmark]
    public PlanComparison Unrelated() => PlanComparer.Compare(city, unrelated);

    /// <summary>The city's cascade over <see cref="Bureaus"/> bureau plans (2,000 KPIs), with roll-ups, gaps and membership.</summary>
    [Benchmark]
    public CityCascadeTree Cascade() => CascadeRules.Build(city, bureaus, []);
}
