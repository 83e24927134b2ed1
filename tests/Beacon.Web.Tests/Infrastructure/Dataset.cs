using Beacon.Core.Plans;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Tests.Infrastructure;

/// <summary>The Taipei dataset as the app loads it (data/plans, copied beside the tests), and new plans made from it.</summary>
public static class Dataset
{
    public static string Folder => DatasetLoader.DefaultFolder;

    /// <summary>TPE-2018.json, TPE-2021.json, … in file-name order.</summary>
    public static IReadOnlyList<string> FileNames =>
        [.. Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static string PathOf(string fileName) => Path.Combine(Folder, fileName);

    public static byte[] Bytes(string fileName) => File.ReadAllBytes(PathOf(fileName));

    public static PlanDocument Document(string fileName)
    {
        var (document, problems) = PlanJson.Read(File.ReadAllText(PathOf(fileName)));
        return document ?? throw new InvalidOperationException($"{fileName}: {string.Join("; ", problems)}");
    }

    /// <summary>An organisation code no other test uses, e.g. TEST-3F9A0C12.</summary>
    public static string NewOrganisationCode() => "TEST-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    /// <summary>
    /// A valid plan that is not in the database: the Domestic Violence Prevention Centre's 2022 plan (TPE-DVPC-2022:
    /// 3 themes, 15 objectives, budgets; no milestones, parts or links) under a new organisation code, so tests can
    /// import and replace it freely. Its parent, TPE-SWD, is in the dataset.
    /// </summary>
    public static PlanDocument NewPlan(string? organisationCode = null)
    {
        var source = Document("TPE-DVPC-2022.json");
        return source with { Organisation = source.Organisation with { Code = organisationCode ?? NewOrganisationCode() } };
    }
}
