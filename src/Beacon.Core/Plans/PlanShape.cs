using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Beacon.Core.Plans;

/// <summary>
/// Checks a parsed document against the interchange records in one pass and reports every problem: unknown and
/// repeated properties, wrong JSON types, missing required properties, values outside an enumeration, null where
/// none is allowed. The rules come from the contract System.Text.Json itself reads the records by
/// (<see cref="PlanJson.Options"/>' type metadata), so the check cannot drift from the records.
/// It also gives a repaired copy of the document (wrong parts dropped or replaced by placeholders), so the plan
/// rules can still be checked on everything else, and the paths whose content was made up, whose rule problems
/// would only be noise.
/// </summary>
public static class PlanShape
{
    /// <summary>A problem of the document's form; <see cref="Occurrence"/> tells repeated properties apart for their line.</summary>
    public sealed record ShapeProblem(string Path, int Occurrence, string Message, string MessageEn);

    public sealed record Result(IReadOnlyList<ShapeProblem> Problems, JsonNode Repaired, IReadOnlyList<string> MadeUp)
    {
        /// <summary>
        /// Whether a plan-rule problem at this path comes from a made-up part: it is that part or inside it, or an
        /// object holding it, or (for a made-up code) a code below it, which must start with the missing one.
        /// </summary>
        public bool Covers(string path) => MadeUp.Any(m =>
            path == m || IsInside(path, m) || IsInside(m, path) && !m[(path.Length + 1)..].Contains('.')
            || m.EndsWith(".code", StringComparison.Ordinal) && path.EndsWith(".code", StringComparison.Ordinal) && IsInside(path, m[..^".code".Length]));

        private static bool IsInside(string path, string container) =>
            path.Length > container.Length && path.StartsWith(container, StringComparison.Ordinal) && path[container.Length] is '.' or '[';
    }

    /// <summary>What a planner calls each kind of object of the format.</summary>
    public static readonly IReadOnlyDictionary<Type, (string Zh, string En)> ObjectNames = new Dictionary<Type, (string, string)>
    {
        [typeof(PlanDocument)] = ("計畫", "the plan"),
        [typeof(OrganisationDoc)] = ("機關", "the organisation"),
        [typeof(ApprovalDoc)] = ("核定紀錄", "an approval"),
        [typeof(PerspectiveDoc)] = ("構面", "a perspective"),
        [typeof(ThemeDoc)] = ("策略主題", "a theme"),
        [typeof(ObjectiveDoc)] = ("策略目標", "an objective"),
        [typeof(KpiDoc)] = ("KPI", "a KPI"),
        [typeof(KpiPartDoc)] = ("KPI 分項", "a KPI part"),
        [typeof(ValueDoc)] = ("數值", "a value"),
        [typeof(InputDoc)] = ("輸入值", "an input"),
        [typeof(AssessmentDoc)] = ("評核資料", "an assessment"),
        [typeof(SelfAssessmentDoc)] = ("自評", "a self-assessment"),
        [typeof(ReviewDoc)] = ("複核", "a review"),
        [typeof(EvaluationSettingsDoc)] = ("評核設定", "the evaluation settings"),
        [typeof(WeightsDoc)] = ("權重", "the weights"),
        [typeof(BandsDoc)] = ("燈號門檻", "the light bands"),
        [typeof(ActionPlanDoc)] = ("行動計畫", "an action plan"),
        [typeof(BudgetDoc)] = ("概算", "a budget"),
        [typeof(MilestoneDoc)] = ("里程碑", "a milestone"),
        [typeof(LinkDoc)] = ("策略目標關聯", "a link"),
    };

    public static Result Check(JsonElement root)
    {
        var walk = new Walk();
        var repaired = walk.Value(root, typeof(PlanDocument), "$", "$", nullable: false) ?? Placeholder(typeof(PlanDocument))!;
        return new Result(walk.Problems, repaired, walk.MadeUp);
    }

    /// <summary>The names an enumeration is written with, exactly as the serializer writes them.</summary>
    public static IReadOnlyList<string> EnumNames(Type enumType) => EnumNameCache.GetOrAdd(enumType, static type =>
        [.. Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.SerializeToElement(v, type, PlanJson.Options).GetString()!)]);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, IReadOnlyList<string>> EnumNameCache = new();

    private sealed class Walk
    {
        public List<ShapeProblem> Problems { get; } = [];
        public List<string> MadeUp { get; } = [];

        private void Add(string path, string zh, string en, int occurrence = 0) => Problems.Add(new ShapeProblem(path, occurrence, zh, en));

        /// <summary>Checks one value and returns what the repaired document holds there (null: JSON null).</summary>
        public JsonNode? Value(JsonElement e, Type type, string path, string label, bool nullable)
        {
            var underlying = Nullable.GetUnderlyingType(type);
            if (e.ValueKind == JsonValueKind.Null)
            {
                if (nullable || underlying is not null) return null;
                return Wrong(e, type, path, label);
            }
            type = underlying ?? type;
            var info = PlanJson.Options.GetTypeInfo(type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    return e.ValueKind == JsonValueKind.Object ? Object(e, info, path) : Wrong(e, type, path, label);
                case JsonTypeInfoKind.Enumerable:
                {
                    if (e.ValueKind != JsonValueKind.Array) return Wrong(e, type, path, label);
                    var items = new JsonArray();
                    var i = 0;
                    // Items are checked as not nullable: the records hold no null items (the serializer would let them in).
                    foreach (var item in e.EnumerateArray())
                    {
                        var itemPath = $"{path}[{i++}]";
                        items.Add(Value(item, info.ElementType!, itemPath, $"{label}[{i - 1}]", nullable: false));
                    }
                    return items;
                }
                case JsonTypeInfoKind.None:
                    return Leaf(e, type) ? JsonValue.Create(e) : Wrong(e, type, path, label);
                default:
                    throw new NotSupportedException($"the interchange records hold no {info.Kind} ({type})");
            }
        }

        private JsonObject Object(JsonElement e, JsonTypeInfo info, string path)
        {
            var properties = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var result = new JsonObject();
            var (zhName, enName) = ObjectNames.TryGetValue(info.Type, out var names) ? names : ("此物件", "this object");
            foreach (var property in e.EnumerateObject())
            {
                var name = property.Name;
                var propertyPath = PlanShape.Child(path, name);
                if (seen.TryGetValue(name, out var count))
                {
                    seen[name] = count + 1;
                    Add(propertyPath, $"欄位「{name}」重複出現；每個欄位只能寫一次",
                        $"the property '{name}' is given more than once; each property may appear only once", count);
                    continue;
                }
                seen[name] = 1;
                if (!properties.TryGetValue(name, out var known))
                {
                    var closest = Closest(name, properties.Keys);
                    Add(propertyPath,
                        closest.Count == 0 ? $"「{name}」不是{zhName}的欄位；可用的欄位有：{string.Join("、", properties.Keys)}"
                            : $"「{name}」不是{zhName}的欄位；是否要寫{string.Join("或", closest.Select(c => $"「{c}」"))}？",
                        closest.Count == 0 ? $"'{name}' is not a property of {enName}; the properties are: {string.Join(", ", properties.Keys)}"
                            : $"'{name}' is not a property of {enName}; did you mean {string.Join(" or ", closest.Select(c => $"'{c}'"))}?");
                    continue;
                }
                var madeUp = MadeUp.Count;
                var value = Value(property.Value, known.PropertyType, propertyPath, name, AllowsNull(known));
                // A wrong optional value is left out of the repaired copy; a wrong required one was made up.
                var wrong = MadeUp.Count == madeUp + 1 && MadeUp[^1] == propertyPath;
                if (!wrong || Required(known)) result[name] = value;
            }
            foreach (var known in info.Properties.Where(p => Required(p) && !seen.ContainsKey(p.Name)))
            {
                Add(path, $"{zhName}缺少必要欄位「{known.Name}」", $"{enName} lacks the required property '{known.Name}'");
                var missing = PlanShape.Child(path, known.Name);
                MadeUp.Add(missing);
                result[known.Name] = Placeholder(known.PropertyType);
            }
            return result;
        }

        private JsonNode? Wrong(JsonElement e, Type type, string path, string label)
        {
            MadeUp.Add(path);
            var enumType = System.Nullable.GetUnderlyingType(type) ?? type;
            if (enumType.IsEnum)
            {
                var allowed = EnumNames(enumType);
                var shown = e.ValueKind == JsonValueKind.String ? $"「{e.GetString()}」" : Actual(e).Zh;
                var shownEn = e.ValueKind == JsonValueKind.String ? $"'{e.GetString()}'" : Actual(e).En;
                Add(path, $"{label} 應為 {JoinZh(allowed)} 其中之一，不能是{shown}",
                    $"{label} must be one of {string.Join(", ", allowed)}, not {shownEn}");
            }
            else
            {
                var (zh, en) = Expected(type);
                var (actualZh, actualEn) = Actual(e);
                Add(path, $"{label} 應為{zh}，不能是{actualZh}", $"{label} must be {en}, not {actualEn}");
            }
            return Placeholder(type);
        }

        private static bool Required(JsonPropertyInfo p) => p.IsRequired || p.AssociatedParameter is { HasDefaultValue: false };

        private static bool AllowsNull(JsonPropertyInfo p) => p.AssociatedParameter?.IsNullable ?? p.IsSetNullable;
    }

    private static bool Leaf(JsonElement e, Type type)
    {
        bool quick;
        if (type == typeof(string)) quick = e.ValueKind == JsonValueKind.String;
        else if (type == typeof(int)) quick = e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out _);
        else if (type == typeof(decimal)) quick = e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out _);
        else if (type == typeof(bool)) quick = e.ValueKind is JsonValueKind.True or JsonValueKind.False;
        else if (type == typeof(DateOnly))
            quick = e.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(e.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        else if (type.IsEnum) quick = e.ValueKind == JsonValueKind.String && EnumNames(type).Contains(e.GetString());
        else quick = false;
        if (quick) return true;
        // Whatever the serializer itself accepts is accepted, so the check never refuses more than reading would.
        try
        {
            e.Deserialize(type, PlanJson.Options);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static (string Zh, string En) Expected(Type type)
    {
        if (type == typeof(string)) return ("文字", "text");
        if (type == typeof(int)) return ("整數", "a whole number");
        if (type == typeof(decimal)) return ("數字", "a number");
        if (type == typeof(bool)) return (" true 或 false", "true or false");
        if (type == typeof(DateOnly)) return ("日期（YYYY-MM-DD，例如 2021-10-07）", "a date written YYYY-MM-DD (e.g. 2021-10-07)");
        return PlanJson.Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable
            ? ("清單（[…]）", "a list ([…])")
            : ("物件（{…}）", "an object ({…})");
    }

    private static (string Zh, string En) Actual(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => ($"文字「{Shorten(e.GetString()!)}」", $"the text \"{Shorten(e.GetString()!)}\""),
        JsonValueKind.Number => ($"數字 {e.GetRawText()}", $"the number {e.GetRawText()}"),
        JsonValueKind.True => ("true", "true"),
        JsonValueKind.False => ("false", "false"),
        JsonValueKind.Null => ("null", "null"),
        JsonValueKind.Array => ("清單", "a list"),
        _ => ("物件", "an object"),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static string JoinZh(IReadOnlyList<string> names) =>
        names.Count <= 1 ? string.Concat(names) : string.Join("、", names.Take(names.Count - 1)) + " 或 " + names[^1];

    /// <summary>Stands in for a missing or wrong required value so that the rest can still be read.</summary>
    private static JsonNode? Placeholder(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is not null) return null;
        if (type == typeof(string)) return JsonValue.Create("");
        if (type == typeof(int) || type == typeof(decimal)) return JsonValue.Create(0);
        if (type == typeof(bool)) return JsonValue.Create(false);
        if (type == typeof(DateOnly)) return JsonValue.Create("0001-01-01");
        if (type.IsEnum) return JsonValue.Create(EnumNames(type)[0]);
        var info = PlanJson.Options.GetTypeInfo(type);
        if (info.Kind == JsonTypeInfoKind.Enumerable) return new JsonArray();
        var result = new JsonObject();
        foreach (var p in info.Properties.Where(p => p.IsRequired || p.AssociatedParameter is { HasDefaultValue: false }))
            result[p.Name] = Placeholder(p.PropertyType);
        return result;
    }

    /// <summary>The known names nearest a mistyped one (unitt → unit), within two edits; at most three.</summary>
    private static List<string> Closest(string name, IEnumerable<string> known)
    {
        var close = known.Select(k => (k, d: Distance(name.ToLowerInvariant(), k.ToLowerInvariant()))).Where(x => x.d <= 2).ToList();
        return close.Count == 0 ? [] : [.. close.Where(x => x.d == close.Min(c => c.d)).Select(x => x.k).Take(3)];
    }

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    /// <summary>The JSON path of a property: <c>$.objectives</c>, or <c>$['odd name']</c> for a name that is no identifier.</summary>
    public static string Child(string path, string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}']";

    /// <summary>
    /// The line of each property and list item of a document, by JSON path (a repeated property has one line per
    /// occurrence), read from the text because a parsed document no longer knows where its parts were.
    /// </summary>
    public static IReadOnlyDictionary<string, List<int>> Lines(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') lineStarts.Add(i + 1);
        int LineOf(long offset)
        {
            var index = lineStarts.BinarySearch(offset);
            return (index >= 0 ? index : ~index - 1) + 1;
        }

        var lines = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        void Record(string path, long offset)
        {
            if (!lines.TryGetValue(path, out var list)) lines[path] = list = [];
            list.Add(LineOf(offset));
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new List<(string Path, bool Array, int Next)>();
        string? property = null;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                property = Child(containers[^1].Path, reader.GetString()!);
                Record(property, reader.TokenStartIndex);
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                containers.RemoveAt(containers.Count - 1);
                continue;
            }
            string path;
            if (containers.Count == 0)
            {
                path = "$";
                Record(path, reader.TokenStartIndex);
            }
            else if (containers[^1].Array)
            {
                var top = containers[^1];
                path = $"{top.Path}[{top.Next}]";
                containers[^1] = top with { Next = top.Next + 1 };
                Record(path, reader.TokenStartIndex);
            }
            else path = property!;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                containers.Add((path, reader.TokenType == JsonTokenType.StartArray, 0));
        }
        return lines;
    }
}
