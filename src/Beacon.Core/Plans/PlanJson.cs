using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beacon.Core.Plans;

/// <summary>Reads and writes the interchange format. Writing is canonical: the same plan always gives the same bytes.</summary>
public static class PlanJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Chinese text stays readable in the files instead of \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = true,
            IndentSize = 2,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowTrailingCommas = false,
            AllowDuplicateProperties = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Write(PlanDocument document) =>
        JsonSerializer.Serialize(document, Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";

    public static byte[] WriteUtf8(PlanDocument document) => new UTF8Encoding(false).GetBytes(Write(document));

    /// <summary>
    /// Parses a document. On failure returns no document and every problem found in one pass, each with its JSON
    /// path (and line): first the form (<see cref="PlanShape"/>), then the plan rules (<see cref="PlanValidator"/>)
    /// on whatever could be read. On success the plan rules are left to the caller, who runs them anyway.
    /// </summary>
    public static (PlanDocument? Document, IReadOnlyList<Problem> Problems) Read(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, [new Problem("$", "檔案是空的", "the file is empty")]);
        var (parsed, malformed) = JsonInput.Parse(json);
        if (parsed is null) return (null, [malformed!]);
        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
                return (null, [new Problem("$", "文件不可為 null", "the document must not be null")]);
            // Another version has another shape: its properties would only be reported as unknown. A version that is
            // no number is left to the shape check, which names it.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("formatVersion", out var version)
                && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number) && number is < PlanDocument.CurrentVersion or > PlanDocument.NewestVersion)
                return (null, [UnsupportedVersion(number)]);

            var shape = PlanShape.Check(root);
            if (shape.Problems.Count == 0)
            {
                try
                {
                    var document = root.Deserialize<PlanDocument>(Options);
                    return document is null
                        ? (null, [new Problem("$", "文件不可為 null", "the document must not be null")])
                        : (document, []);
                }
                catch (JsonException e)
                {
                    // The shape check follows the serializer's own contract, so this is a gap in it, not the user's fault alone.
                    return (null, [Unreadable(e)]);
                }
            }

            var lines = PlanShape.Lines(json);
            var problems = shape.Problems.Select(p => WithLine(p, lines)).ToList();
            PlanDocument? partial;
            try
            {
                partial = shape.Repaired.Deserialize<PlanDocument>(Options);
            }
            catch (JsonException)
            {
                partial = null;
            }
            if (partial is not null)
                problems.AddRange(PlanValidator.Validate(partial).Where(p => !shape.Covers(p.Path)));
            return (null, problems);
        }
    }

    public static Problem UnsupportedVersion(int version) => new("$.formatVersion",
        $"無法讀取格式版本 {version}：本系統讀取第 {PlanDocument.CurrentVersion}–{PlanDocument.NewestVersion} 版；請以第 {PlanDocument.NewestVersion} 版以下匯出，或改用能讀取第 {version} 版的 Beacon",
        $"format version {version} cannot be read: this Beacon reads versions {PlanDocument.CurrentVersion} to {PlanDocument.NewestVersion}; export the plan as version {PlanDocument.NewestVersion} or lower, or use a Beacon that reads version {version}");

    private static Problem WithLine(PlanShape.ShapeProblem p, IReadOnlyDictionary<string, List<int>> lines) =>
        lines.TryGetValue(p.Path, out var found) && found.Count > 0
            ? new Problem(p.Path, $"{p.Message}（第 {found[Math.Min(p.Occurrence, found.Count - 1)]} 行）", $"{p.MessageEn} (line {found[Math.Min(p.Occurrence, found.Count - 1)]})")
            : new Problem(p.Path, p.Message, p.MessageEn);

    private static Problem Unreadable(JsonException e)
    {
        var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
        return new Problem(path, "此處的內容無法讀取，請對照 docs/interchange.md 的格式", $"this value cannot be read: {JsonInput.Cut(e.Message)}");
    }
}
