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

    /// <summary>Parses a document; on failure returns the problems (with JSON path and line) and no document.</summary>
    public static (PlanDocument? Document, IReadOnlyList<Problem> Problems) Read(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return (null, [new Problem("$", "檔案是空的", "the file is empty")]);
        try
        {
            var document = JsonSerializer.Deserialize<PlanDocument>(json, Options);
            return document is null
                ? (null, [new Problem("$", "文件不可為 null", "the document must not be null")])
                : (document, []);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var where = e.LineNumber is { } line ? $"（第 {line + 1} 行）" : "";
            var whereEn = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            var detail = Explain(e.Message);
            return (null, [new Problem(path, $"JSON 內容不符格式{where}：{detail}", $"the JSON does not fit the format{whereEn}: {detail}")]);
        }
    }

    // System.Text.Json's messages name .NET types; keep the part a planner can act on.
    private static string Explain(string message)
    {
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("properties including:", StringComparison.Ordinal);
            return start < 0 ? "缺少必要欄位 / a required property is missing"
                : "缺少必要欄位 / missing required properties:" + message[(start + "properties including:".Length)..].TrimEnd('.');
        }
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            var q1 = message.IndexOf('\'');
            var q2 = q1 < 0 ? -1 : message.IndexOf('\'', q1 + 1);
            return q2 > q1 ? $"未知的欄位 / unknown property '{message[(q1 + 1)..q2]}'" : "未知的欄位 / unknown property";
        }
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return "值的型別或內容不正確 / the value has the wrong type or an unknown name";
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase))
            return "此欄位不可為 null / this property must not be null";
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
