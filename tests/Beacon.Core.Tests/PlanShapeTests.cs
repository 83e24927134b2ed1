using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>
/// The shape check against the serializer, property by property: for every property of every interchange record
/// (found by reflection over the C# records, not through the check's own metadata), at its first place in a plan
/// that uses them all, a misspelt name, a value of the wrong JSON type, null and leaving it out are each reported by
/// the check exactly when System.Text.Json refuses the document — so the two cannot drift apart.
/// </summary>
public class PlanShapeTests
{
    private static readonly string Full = PlanJson.Write(FullPlan.From(Dataset.Load("TPE-DVPC-2022.json")));

    /// <summary>(record, property, path of the object holding its first occurrence) for every property of every record.</summary>
    private static readonly List<(Type Record, PropertyInfo Property, string ObjectPath)> Occurrences = FindOccurrences();

    public static TheoryData<string, string> Properties()
    {
        var data = new TheoryData<string, string>();
        foreach (var (record, property, _) in Occurrences) data.Add(record.Name, property.Name);
        return data;
    }

    [Fact]
    public void The_full_plan_has_the_right_shape_and_keeps_the_plan_rules()
    {
        var (document, problems) = PlanJson.Read(Full);

        Assert.Empty(problems);
        Assert.Empty(PlanValidator.Validate(document!));
    }

    [Fact]
    public void The_full_plan_uses_every_property_of_every_record()
    {
        var used = Occurrences.Select(o => (o.Record, o.Property.Name)).ToHashSet();
        var all = Records().SelectMany(r => Readable(r).Select(p => (r, p.Name))).ToList();

        Assert.Equal(20, Records().Count);
        Assert.All(all, p => Assert.Contains(p, used));
        Assert.All(Records(), r => Assert.True(PlanShape.ObjectNames.ContainsKey(r), $"{r.Name} has no name for messages"));
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void A_misspelt_property_is_reported_where_reading_refuses_it(string record, string property)
    {
        var (node, holder, name, path) = Locate(record, property);
        var value = holder[name]!.DeepClone();
        holder.Remove(name);
        holder[name + "x"] = value;

        var problems = Shape(node);

        Assert.True(Refused(node), "System.Text.Json accepted the misspelt name");
        var problem = Assert.Single(problems, p => p.Path == PlanShape.Child(path, name + "x"));
        Assert.Contains($"'{name}x' is not a property of", problem.MessageEn);
        Assert.Matches($"did you mean ('[a-zA-Z]+' or )*'{name}'( or '[a-zA-Z]+')*\\?", problem.MessageEn);
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void A_value_of_the_wrong_type_is_reported_at_its_path(string record, string property)
    {
        var (node, holder, name, path) = Locate(record, property);
        var prop = Occurrences.Single(o => o.Record.Name == record && o.Property.Name == property).Property;
        holder[name] = WrongValue(prop.PropertyType);

        var problems = Shape(node);

        Assert.True(Refused(node), "System.Text.Json accepted the wrong value");
        var problem = Assert.Single(problems);
        Assert.Equal(PlanShape.Child(path, name), problem.Path);
        Assert.StartsWith($"{name} must be ", problem.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void Null_is_reported_exactly_when_reading_refuses_it(string record, string property)
    {
        var (node, holder, name, path) = Locate(record, property);
        holder[name] = null;

        var problems = Shape(node);

        Assert.Equal(Refused(node), problems.Count > 0);
        if (problems.Count > 0) Assert.Equal(PlanShape.Child(path, name), Assert.Single(problems).Path);
    }

    [Theory]
    [MemberData(nameof(Properties))]
    public void Leaving_a_property_out_is_reported_exactly_when_reading_refuses_it(string record, string property)
    {
        var (node, holder, name, path) = Locate(record, property);
        holder.Remove(name);

        var problems = Shape(node);

        Assert.Equal(Refused(node), problems.Count > 0);
        if (problems.Count > 0)
        {
            var problem = Assert.Single(problems);
            Assert.Equal(path, problem.Path);
            Assert.EndsWith($"lacks the required property '{name}'", problem.MessageEn, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_repeated_property_is_reported_at_its_second_line()
    {
        var json = Full.ReplaceFirst("\n  \"year\": 2022,\n", "\n  \"year\": 2022,\n  \"year\": 2023,\n");
        var line = json.Split('\n').Select((text, i) => (text, i)).First(x => x.text == "  \"year\": 2023,").i + 1;

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.year", problem.Path);
        Assert.Equal($"the property 'year' is given more than once; each property may appear only once (line {line})", problem.MessageEn);
        Assert.Equal($"欄位「year」重複出現；每個欄位只能寫一次（第 {line} 行）", problem.Message);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PlanDocument>(json, PlanJson.Options));
    }

    [Fact]
    public void A_null_item_in_a_list_is_reported_though_the_serializer_would_let_it_in()
    {
        var node = JsonNode.Parse(Full)!;
        ((JsonArray)node["objectives"]!).Insert(1, null);
        ((JsonArray)node["coreValues"]!).Add(null);

        var (document, problems) = PlanJson.Read(node.ToJsonString());

        Assert.Null(document);
        Assert.Equal(["$.coreValues[4]", "$.objectives[1]"], problems.Select(p => p.Path));
        Assert.StartsWith("objectives[1] must be an object ({…}), not null", problems[1].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Enumerations_list_the_names_they_allow()
    {
        Assert.Equal(["positive", "negative", "band", "qualitative"], PlanShape.EnumNames(typeof(Direction)));
        Assert.Equal(["proportional", "zeroOutside"], PlanShape.EnumNames(typeof(Beacon.Core.Evaluation.BandRule)));
    }

    // ---- helpers ----

    private static IReadOnlyList<PlanShape.ShapeProblem> Shape(JsonNode node)
    {
        using var parsed = JsonDocument.Parse(node.ToJsonString());
        return PlanShape.Check(parsed.RootElement).Problems;
    }

    private static bool Refused(JsonNode node)
    {
        try
        {
            JsonSerializer.Deserialize<PlanDocument>(node.ToJsonString(), PlanJson.Options);
            return false;
        }
        catch (JsonException)
        {
            return true;
        }
    }

    private static (JsonNode Root, JsonObject Holder, string Name, string Path) Locate(string record, string property)
    {
        var (_, prop, path) = Occurrences.Single(o => o.Record.Name == record && o.Property.Name == property);
        var root = JsonNode.Parse(Full)!;
        JsonNode holder = root;
        foreach (var step in Steps(path)) holder = step is int i ? holder[i]! : holder[(string)step]!;
        return (root, (JsonObject)holder, JsonName(prop), path);
    }

    private static IEnumerable<object> Steps(string path)
    {
        foreach (var part in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = part.IndexOf('[');
            yield return bracket < 0 ? part : part[..bracket];
            if (bracket >= 0)
                foreach (var index in part[bracket..].Split(['[', ']'], StringSplitOptions.RemoveEmptyEntries)) yield return int.Parse(index);
        }
    }

    private static JsonNode WrongValue(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return JsonValue.Create(7);
        if (type == typeof(int) || type == typeof(decimal)) return JsonValue.Create("seven");
        if (type == typeof(bool)) return JsonValue.Create("yes");
        if (type == typeof(DateOnly)) return JsonValue.Create("2021/10/07");
        if (type.IsEnum) return JsonValue.Create("zzz");
        if (ListItem(type) is not null) return new JsonObject();
        return new JsonArray();
    }

    private static string JsonName(PropertyInfo p) => JsonNamingPolicy.CamelCase.ConvertName(p.Name);

    private static IEnumerable<PropertyInfo> Readable(Type record) =>
        record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract");

    private static Type? ListItem(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(PlanDocument).Namespace;

    /// <summary>Every record type reachable from <see cref="PlanDocument"/>.</summary>
    private static List<Type> Records()
    {
        var found = new List<Type>();
        void Visit(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (ListItem(type) is { } item) { Visit(item); return; }
            if (!IsRecord(type) || found.Contains(type)) return;
            found.Add(type);
            foreach (var p in Readable(type)) Visit(p.PropertyType);
        }
        Visit(typeof(PlanDocument));
        return found;
    }

    private static List<(Type, PropertyInfo, string)> FindOccurrences()
    {
        var result = new List<(Type, PropertyInfo, string)>();
        void Visit(JsonNode? node, Type type, string path)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (node is null) return;
            if (ListItem(type) is { } item)
            {
                var i = 0;
                foreach (var child in node.AsArray()) Visit(child, item, $"{path}[{i++}]");
                return;
            }
            if (!IsRecord(type)) return;
            foreach (var p in Readable(type))
            {
                if (!node.AsObject().TryGetPropertyValue(JsonName(p), out var value)) continue;
                if (!result.Any(r => r.Item1 == type && r.Item2.Name == p.Name)) result.Add((type, p, path));
                Visit(value, p.PropertyType, PlanShape.Child(path, JsonName(p)));
            }
        }
        Visit(JsonNode.Parse(Full), typeof(PlanDocument), "$");
        return result;
    }
}
