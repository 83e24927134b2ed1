using BenchmarkDotNet.Attributes;
using Beacon.Core.Evaluation;

namespace Beacon.Benchmarks;

/// <summary>
/// A year-end evaluation of a million KPI-years (every agency's plan for many years over): each KPI evaluated with
/// the default settings, then one 自評燈號統計表 row over all of them. One operation is the whole million.
/// </summary>
[MemoryDiagnoser]
[KpiYearsPerOperation(KpiYears)]
public class EvaluationBenchmarks
{
    public const int KpiYears = 1_000_000;

    private readonly EvaluationSettings settings = EvaluationSettings.Default;
    private KpiYearText[] texts = [];
    private KpiEvaluationInput[] inputs = [];
    // Allocated once, so that an operation's allocations are those of the evaluations themselves.
    private KpiEvaluation[] results = [];

    [GlobalSetup]
    public void Setup()
    {
        texts = KpiYearTexts.Generate(KpiYears, seed: 2021);
        inputs = Array.ConvertAll(texts, text => text.Read());
        results = new KpiEvaluation[KpiYears];
        var statistics = Evaluate();
        // Make sure the mix exercises every path, and show it in the log.
        if (statistics.Achieved == 0 || statistics.NotAchieved == 0 || statistics.NoData == 0
            || statistics.Lights.Excellent == 0 || statistics.Lights.Poor == 0 || statistics.Lights.Unclear == 0)
            throw new InvalidOperationException($"the generated KPI-years do not cover every outcome: {statistics}");
        Console.WriteLine($"// KPI-years: {statistics.Kpis:N0}; achieved {statistics.Achieved:N0}, not achieved {statistics.NotAchieved:N0}, "
            + $"no data {statistics.NoData:N0}; lights ★ {statistics.Lights.Excellent:N0} ● {statistics.Lights.Good:N0} "
            + $"▲ {statistics.Lights.Fair:N0} × {statistics.Lights.Poor:N0} ? {statistics.Lights.Unclear:N0}");
    }

    /// <summary>Values already read (as they are stored): evaluation and statistics only.</summary>
    [Benchmark(Baseline = true)]
    public EvaluationStatistics Evaluate()
    {
        for (var i = 0; i < inputs.Length; i++)
            results[i] = KpiEvaluator.Evaluate(inputs[i], settings);
        return EvaluationStatistics.Self("all", results);
    }

    /// <summary>The same, reading every target and actual text (ValueText.Parse) first, as an import does.</summary>
    [Benchmark]
    public EvaluationStatistics ParseAndEvaluate()
    {
        for (var i = 0; i < texts.Length; i++)
            results[i] = KpiEvaluator.Evaluate(texts[i].Read(), settings);
        return EvaluationStatistics.Self("all", results);
    }
}
