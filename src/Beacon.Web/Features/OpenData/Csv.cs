using System.Text;

namespace Beacon.Web.Features.OpenData;

/// <summary>
/// RFC 4180 CSV: one header row, CRLF between records, a field quoted when it holds a comma, a quote or a line
/// break (quotes doubled). UTF-8 with a byte-order mark, without which Excel reads the Chinese as Big5 mojibake.
/// </summary>
public static class Csv
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows) =>
        WriteRecords(rows.Select(row => row.Count == header.Count ? row
            : throw new ArgumentException($"a row has {row.Count} fields; the header has {header.Count}", nameof(rows))).Prepend(header));

    /// <summary>Records as they come (the first need not be a header), each of the same number of fields.</summary>
    public static byte[] WriteRecords(IEnumerable<IReadOnlyList<string?>> records)
    {
        var text = new StringBuilder();
        foreach (var record in records) Record(text, record);
        var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. encoding.GetPreamble(), .. encoding.GetBytes(text.ToString())];
    }

    private static void Record(StringBuilder text, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            Field(text, Defused(fields[i] ?? ""));
        }
        text.Append("\r\n");
    }

    private static void Field(StringBuilder text, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            text.Append(value);
            return;
        }
        text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    /// <summary>
    /// A cell Excel would run as a formula (=, +, -, @, tab or CR first) gets a leading apostrophe, so a value typed
    /// into the app cannot become a formula on a reader's computer. Numbers (-3.5, +10%) and a lone dash are left as they are.
    /// </summary>
    public static string Defused(string value)
    {
        if (value.Length == 0 || value[0] is not ('=' or '+' or '-' or '@' or '\t' or '\r')) return value;
        if (value[0] is '+' or '-' && (value.Length == 1 || IsNumber(value.AsSpan(1)))) return value;
        return "'" + value;
    }

    private static bool IsNumber(ReadOnlySpan<char> text)
    {
        if (text.EndsWith("%")) text = text[..^1];
        return text.Length > 0 && decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowThousands,
            System.Globalization.CultureInfo.InvariantCulture, out _);
    }
}
