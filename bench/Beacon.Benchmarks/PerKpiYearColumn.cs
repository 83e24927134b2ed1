using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Beacon.Benchmarks;

/// <summary>How many KPI-years one operation of the benchmarks in this class evaluates.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KpiYearsPerOperationAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}

/// <summary>
/// The mean time and the allocation of one operation divided by its KPI-years, so the summary shows both the
/// cost of a million and of one; blank for benchmarks that are not per KPI-year.
/// </summary>
public sealed class PerKpiYearColumn : IColumn
{
    public static readonly IColumn Time = new PerKpiYearColumn(allocated: false);
    public static readonly IColumn Allocated = new PerKpiYearColumn(allocated: true);

    private readonly bool allocated;

    private PerKpiYearColumn(bool allocated) => this.allocated = allocated;

    public string Id => allocated ? "PerKpiYear.Allocated" : "PerKpiYear.Time";
    public string ColumnName => allocated ? "Alloc/KPI-year" : "Mean/KPI-year";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => allocated ? 1 : 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => allocated
        ? "Allocated memory per operation divided by the KPI-years it evaluates"
        : "Mean time per operation divided by the KPI-years it evaluates";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => KpiYears(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (KpiYears(benchmarkCase) is not { } count || summary[benchmarkCase] is not { } report) return "-";
        if (allocated)
            return report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase) is { } bytes
                ? ((double)bytes / count).ToString("N1", CultureInfo.InvariantCulture) + " B" : "-";
        return report.ResultStatistics is { } statistics
            ? (statistics.Mean / count).ToString("N1", CultureInfo.InvariantCulture) + " ns" : "-";
    }

    private static int? KpiYears(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type.GetCustomAttribute<KpiYearsPerOperationAttribute>()?.Count;

    public override string ToString() => ColumnName;
}
