using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>The Taipei dataset in data/plans, found by walking up from the test binaries to the folder holding Beacon.slnx.</summary>
internal static class Dataset
{
    public static readonly string[] FileNames =
        ["TPE-2018.json", "TPE-2021.json", "TPE-DOL-2018.json", "TPE-DVPC-2022.json", "TPE-SWD-2018.json"];

    public static string RepositoryRoot { get; } = FindRoot();

    public static string PlansFolder => Path.Combine(RepositoryRoot, "data", "plans");

    public static string PathOf(string fileName) => Path.Combine(PlansFolder, fileName);

    /// <summary>A fresh copy each call: documents hold mutable lists, and some tests change them.</summary>
    public static PlanDocument Load(string fileName)
    {
        var (document, problems) = PlanJson.Read(File.ReadAllText(PathOf(fileName)));
        Assert.Empty(problems);
        return document!;
    }

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var name in FileNames) data.Add(name);
        return data;
    }

    /// <summary>Every value of every KPI and KPI part, with where it sits.</summary>
    public static IEnumerable<(string Kpi, string? Part, ValueDoc Value, Direction Direction)> Values(PlanDocument plan) =>
        from objective in plan.Objectives
        from kpi in objective.Kpis
        from entry in kpi.Values.Select(v => (Part: (string?)null, Value: v))
            .Concat(kpi.Parts.SelectMany(p => p.Values.Select(v => (Part: (string?)p.Name, Value: v))))
        select (kpi.Code, entry.Part, entry.Value, kpi.Direction);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no folder containing Beacon.slnx above {AppContext.BaseDirectory}");
    }
}
