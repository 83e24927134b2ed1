using System.Text;

namespace Beacon.Web.Tests.OpenData;

/// <summary>
/// A strict RFC 4180 reader, independent of the writer under test: records end in CRLF, a quoted field may hold
/// commas, CRLF or LF and doubled quotes; anything else (a bare quote inside an unquoted field, a stray character
/// after a closing quote, a missing final CRLF) is an error rather than a guess.
/// </summary>
public static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= text.Length) throw new FormatException($"unterminated quoted field in record {records.Count + 1}");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(text[i++]);
                }
                if (i < text.Length && text[i] != ',' && text[i] != '\r')
                    throw new FormatException($"'{text[i]}' after a closing quote in record {records.Count + 1}");
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r'))
                {
                    if (text[i] is '"' or '\n') throw new FormatException($"unquoted field with {(text[i] == '"' ? "a quote" : "a line feed")} in record {records.Count + 1}");
                    field.Append(text[i++]);
                }
            }
            record.Add(field.ToString());
            field.Clear();
            if (i < text.Length && text[i] == ',') { i++; continue; }
            if (i + 1 >= text.Length || text[i] != '\r' || text[i + 1] != '\n')
                throw new FormatException($"record {records.Count + 1} does not end in CRLF");
            i += 2;
            records.Add(record);
            record = [];
        }
        if (record.Count > 0) throw new FormatException("the last record does not end in CRLF");
        return records;
    }
}
