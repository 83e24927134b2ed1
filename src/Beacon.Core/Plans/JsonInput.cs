using System.Text;
using System.Text.Json;

namespace Beacon.Core.Plans;

/// <summary>
/// Reads JSON that someone sent — an API body, an imported plan — strictly and without throwing: bytes that are not
/// UTF-8, text that is not well-formed JSON, a string escape that is no character (a lone surrogate such as
/// <c>\ud800</c>), a value of the wrong type or an unknown name each become a problem naming the place (byte, line,
/// JSON path), never a replacement character stored or an exception.
/// </summary>
public static class JsonInput
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of UTF-8 bytes (a leading byte-order mark dropped), or the problem naming the first invalid byte.</summary>
    public static (string? Text, Problem? Problem) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        var at = FirstInvalid(bytes);
        if (at < 0) return (Strict.GetString(bytes), null);
        var line = 1 + bytes[..at].Count((byte)'\n');
        return (null, new Problem("$", $"內容不是正確的 UTF-8 文字（第 {line} 行，第 {at + 1} 個位元組）：請以 UTF-8 編碼存檔後再送",
            $"the content is not valid UTF-8 text (line {line}, byte {at + 1}): save it as UTF-8 and send it again"));
    }

    /// <summary>The offset of the first byte that starts no UTF-8 character; −1 when all are valid.</summary>
    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[i..], out _, out var length) != System.Buffers.OperationStatus.Done) return i;
            i += length;
        }
        return -1;
    }

    /// <summary>
    /// The first string or property name that is no text (an escape of a lone surrogate, <c>"\ud800"</c>), as a
    /// problem naming its JSON path; null when every string can be read.
    /// </summary>
    public static Problem? InvalidString(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Readable(() => element.GetString()) ? null : NotText(path);
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!Readable(() => property.Name)) return NotText(path);
                    if (InvalidString(property.Value, $"{path}.{property.Name}") is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                    if (InvalidString(item, $"{path}[{i++}]") is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    private static bool Readable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static Problem NotText(string path) => new(path,
        "此處的字串含有無法表示的字元（單獨的 UTF-16 代理字元跳脫碼，例如 \\ud800）：請移除或改為正確的字元",
        "this string holds an escape that is no character (a lone UTF-16 surrogate such as \\ud800): remove it or write the real character");

    /// <summary>Parses JSON text; a malformed one is a problem naming the line and byte.</summary>
    public static (JsonDocument? Document, Problem? Problem) Parse(string json)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            if (InvalidString(document.RootElement) is { } problem)
            {
                document.Dispose();
                return (null, problem);
            }
            return (document, null);
        }
        catch (JsonException e)
        {
            return (null, Malformed(e));
        }
    }

    /// <summary>
    /// Reads a body as <typeparamref name="T"/> with the interchange options (unknown names refused, enums by name):
    /// the value, or every problem that stops it, each naming its place.
    /// </summary>
    public static (T? Value, Problem? Problem) Read<T>(string json) where T : class
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, new Problem("$", "內容是空的：請送 JSON 物件", "the body is empty: send a JSON object"));
        var (document, problem) = Parse(json);
        if (document is null) return (null, problem);
        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Null) return (null, new Problem("$", "內容不可為 null", "the body must not be null"));
            try
            {
                var value = document.RootElement.Deserialize<T>(PlanJson.Options);
                return value is null ? (null, new Problem("$", "內容不可為 null", "the body must not be null")) : (value, null);
            }
            catch (JsonException e)
            {
                var path = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
                return (null, new Problem(path, $"「{path}」的值不正確：型別或名稱不符", $"the value at '{path}' has the wrong type or an unknown name"));
            }
        }
    }

    /// <summary>Not well-formed JSON, with the line and byte the parser stopped at.</summary>
    public static Problem Malformed(JsonException e)
    {
        var line = e.LineNumber is { } l ? l + 1 : (long?)null;
        var position = e.BytePositionInLine is { } b ? b + 1 : (long?)null;
        var where = line is null ? "" : position is null ? $"（第 {line} 行）" : $"（第 {line} 行第 {position} 個位元組）";
        var whereEn = line is null ? "" : position is null ? $" (line {line})" : $" (line {line}, byte {position})";
        return new Problem("$", $"不是正確的 JSON{where}：請檢查這裡的逗號、引號與括號（不可有註解或多餘的逗號）",
            $"this is not well-formed JSON{whereEn}: {Cut(e.Message)}");
    }

    // System.Text.Json appends its own position ("LineNumber: 2 | BytePositionInLine: 2."); the problem says it already.
    internal static string Cut(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
