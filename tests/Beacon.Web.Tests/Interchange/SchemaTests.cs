using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;
using Json.Schema;

namespace Beacon.Web.Tests.Interchange;

/// <summary>
/// docs/plan.schema.json against what Beacon writes: every dataset file and the export of a plan that uses every
/// property of the format validate, and the schema refuses what the format refuses (any misspelt property, a value
/// outside an enumeration), so the schema cannot drift from the records unnoticed.
/// </summary>
public abstract partial class SchemaTests(BeaconFactory app)
{
    /// <summary>docs/plan.schema.json, read once: the schema library keeps one schema per $id, so every test uses this one.</summary>
    internal static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "plan.schema.json")));

    public static TheoryData<string> DatasetFiles => [.. Dataset.FileNames];

    [Theory]
    [MemberData(nameof(DatasetFiles))]
    public void Every_dataset_file_fits_the_schema(string fileName) =>
        AssertValid(File.ReadAllText(Dataset.PathOf(fileName)));

    [Fact]
    public async Task The_export_of_a_plan_using_every_property_fits_the_schema_and_a_misspelt_property_anywhere_does_not()
    {
        var exported = await FullExportAsync();
        AssertValid(exported);

        // Each property at its first place (by path without list indexes), written with a letter more.
        var done = new HashSet<string>(StringComparer.Ordinal);
        var tried = 0;
        foreach (var (holder, name, path) in Properties(JsonNode.Parse(exported)!, "$"))
        {
            if (!done.Add(Indexless().Replace(path, "[]"))) continue;
            var copy = JsonNode.Parse(exported)!;
            var target = Find(copy, holder);
            var value = target[name]!.DeepClone();
            target.Remove(name);
            target[name + "x"] = value;
            Assert.False(Evaluate(copy.ToJsonString()).IsValid, $"the schema accepts '{name}x' at {path}");
            tried++;
        }
        Assert.True(tried > 90, $"only {tried} properties tried");
    }

    [Theory]
    [InlineData("\"direction\": \"negative\"", "\"direction\": \"downward\"")]
    [InlineData("\"kind\": \"agency\"", "\"kind\": \"bureau\"")]
    [InlineData("\"year\": 2022", "\"year\": 111")]
    [InlineData("\"code\": \"AC1.1\"", "\"code\": \"AC1-1\"")]
    [InlineData("\"formatVersion\": 2", "\"formatVersion\": 3")]
    [InlineData("\"light\": \"good\"", "\"light\": \"green\"")]
    [InlineData("\"period\": \"Q1\"", "\"period\": \"Q5\"")]
    public async Task The_schema_refuses_a_wrong_value(string good, string bad)
    {
        var exported = await FullExportAsync();
        var at = exported.IndexOf(good, StringComparison.Ordinal);
        Assert.True(at >= 0, good);

        var results = Evaluate(string.Concat(exported.AsSpan(0, at), bad, exported.AsSpan(at + good.Length)));

        Assert.False(results.IsValid);
    }

    [Fact]
    public void The_schema_refuses_a_missing_required_property_and_a_document_that_is_no_object()
    {
        var json = File.ReadAllText(Dataset.PathOf("TPE-DVPC-2022.json"));

        Assert.False(Evaluate(json.Replace("  \"organisation\": {", "  \"organization\": {", StringComparison.Ordinal)).IsValid);
        Assert.False(Evaluate("[]").IsValid);
        Assert.False(Evaluate(json.Replace("\"members\": []", "\"members\": \"\"", StringComparison.Ordinal)).IsValid);
    }

    private async Task<string> FullExportAsync()
    {
        var planner = await app.ClientAsAsync(Roles.Planner);
        var plan = Beacon.Core.Tests.FullPlan.From(Dataset.NewPlan());
        var response = await planner.PostAsync("/api/import", EvaluationKit.Json(PlanJson.Write(plan)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var exported = await planner.ExportAsync(plan.Organisation.Code);
        Assert.Equal(PlanJson.Write(plan), exported);
        return exported;
    }

    private static EvaluationResults Evaluate(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    private static void AssertValid(string json)
    {
        var results = Evaluate(json);
        Assert.True(results.IsValid, string.Join("\n", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}").Take(20)));
    }

    /// <summary>Every property of every object in the document: (path of its object, name, path of the property).</summary>
    private static IEnumerable<(string Holder, string Name, string Path)> Properties(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o.ToList())
                {
                    yield return (path, name, $"{path}.{name}");
                    if (value is not null)
                        foreach (var p in Properties(value, $"{path}.{name}")) yield return p;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item)
                        foreach (var p in Properties(item, $"{path}[{i}]")) yield return p;
                break;
        }
    }

    private static JsonObject Find(JsonNode root, string path)
    {
        var node = root;
        foreach (Match step in PathStep().Matches(path))
            node = step.Groups["name"].Success ? node[step.Groups["name"].Value]! : node[int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture)]!;
        return node.AsObject();
    }

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indexless();

    [GeneratedRegex(@"\.(?<name>[A-Za-z]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.slnx"))) return dir.FullName;
        throw new InvalidOperationException("no Beacon.slnx above the test binaries");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SchemaOnSqlite(SqliteBeacon app) : SchemaTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SchemaOnPostgres(PostgresBeacon app) : SchemaTests(app);
