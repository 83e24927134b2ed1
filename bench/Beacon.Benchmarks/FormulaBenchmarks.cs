using BenchmarkDotNet.Attributes;
using Beacon.Core.Formulas;

namespace Beacon.Benchmarks;

/// <summary>Reading and computing KPI formulas (計算公式), per call.</summary>
[MemoryDiagnoser]
public class FormulaBenchmarks
{
    /// <summary>家防中心 AC2.1 派案評估依限完成率, as the dataset stores it.</summary>
    private const string RatioText = "[依限完成派案評估之案件] / [通報件數] * 100";

    /// <summary>sum, avg and round over ten inputs.</summary>
    private const string LargeText =
        "round(sum([家暴通報件數], [性侵害通報件數], [兒少保護通報件數], [老人保護通報件數], [身障保護通報件數]) "
        + "/ avg(第一季開案件數, 第二季開案件數, 第三季開案件數, 第四季開案件數) * 100 / 年度目標件數, 2)";

    private Formula ratio = null!;
    private Formula large = null!;
    private Dictionary<string, decimal> ratioInputs = [];
    private Dictionary<string, decimal> largeInputs = [];

    [GlobalSetup]
    public void Setup()
    {
        ratio = Read(RatioText);
        large = Read(LargeText);
        ratioInputs = new() { ["依限完成派案評估之案件"] = 1947m, ["通報件數"] = 1950m };
        largeInputs = new()
        {
            ["家暴通報件數"] = 14_233m, ["性侵害通報件數"] = 1_018m, ["兒少保護通報件數"] = 9_870m,
            ["老人保護通報件數"] = 1_436m, ["身障保護通報件數"] = 702m,
            ["第一季開案件數"] = 5_812m, ["第二季開案件數"] = 6_004m, ["第三季開案件數"] = 6_390m, ["第四季開案件數"] = 5_577m,
            ["年度目標件數"] = 450m,
        };
        // Measure the path that gives a value, not an error or a missing input.
        if (large.Inputs.Count != 10 || !EvaluateRatio().HasValue || !EvaluateLarge().HasValue)
            throw new InvalidOperationException("the benchmark formulas do not compute a value");
    }

    private static Formula Read(string text) =>
        Formula.Parse(text).Formula ?? throw new InvalidOperationException($"cannot read {text}");

    [Benchmark]
    public FormulaParseResult ParseRatio() => Formula.Parse(RatioText);

    [Benchmark]
    public FormulaParseResult ParseLarge() => Formula.Parse(LargeText);

    [Benchmark]
    public FormulaResult EvaluateRatio() => ratio.Evaluate(ratioInputs);

    [Benchmark]
    public FormulaResult EvaluateLarge() => large.Evaluate(largeInputs);
}
