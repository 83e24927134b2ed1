using System.IO.Compression;
using System.Text;
using Beacon.Core.Sheets;

namespace Beacon.Web.Features.Documents;

public enum SpreadsheetFormat { Xlsx, Ods, Csv }

/// <summary>
/// What an uploaded file may cost: its size, and once unpacked, its entries, their sizes and compression ratio, the
/// cells. Together they keep a file's reading well under 256 MB of memory however it is made (a zip bomb, a sheet
/// of a million repeated rows). <c>Spreadsheets:MaxFileBytes</c> … in configuration.
/// </summary>
public sealed class SpreadsheetLimits
{
    public const string Section = "Spreadsheets";

    public long MaxFileBytes { get; set; } = 5 * 1024 * 1024;
    public int MaxEntries { get; set; } = 1000;
    public long MaxEntryBytes { get; set; } = 24 * 1024 * 1024;
    public long MaxTotalBytes { get; set; } = 48 * 1024 * 1024;
    /// <summary>Unpacked ÷ packed size above which an entry (of more than 1 MB) is taken for a zip bomb.</summary>
    public int MaxRatio { get; set; } = 200;
    public int MaxCells { get; set; } = 300_000;
    public int MaxRows { get; set; } = 100_000;
    public int MaxColumns { get; set; } = 1_000;
}

/// <summary>A read upload: the workbook, or why it cannot be read and the HTTP status that says so (400, 413, 415).</summary>
public sealed record SpreadsheetRead(Workbook? Book, SpreadsheetFormat? Format, CellProblem? Problem, int Status = StatusCodes.Status200OK)
{
    public static SpreadsheetRead Refused(int status, string zh, string en) => new(null, null, CellProblem.Whole(zh, en), status);
}

/// <summary>
/// Reads an uploaded spreadsheet — XLSX (the Open XML SDK), ODS (its content.xml, streamed) or CSV — into the core's
/// grid of cells, telling the format from the bytes themselves, not the name or media type. Every way a file can be
/// wrong ends in a problem a person can act on: not a spreadsheet, an old .xls, password-protected, corrupt, a zip
/// bomb, too large. Nothing in a file makes it throw.
/// </summary>
public static class SpreadsheetReader
{
    public static SpreadsheetRead Read(byte[] bytes, SpreadsheetLimits limits)
    {
        if (bytes.Length == 0)
            return SpreadsheetRead.Refused(StatusCodes.Status400BadRequest, "檔案是空的：請上傳填好的 XLSX、ODS 或 CSV 檔", "the file is empty: upload the filled-in XLSX, ODS or CSV file.");
        if (bytes.Length > limits.MaxFileBytes)
            return SpreadsheetRead.Refused(StatusCodes.Status413PayloadTooLarge,
                $"檔案太大（{Security.RequestLimits.Size(bytes.Length)}，上限 {Security.RequestLimits.Size(limits.MaxFileBytes)}）：請刪除多餘的工作表或圖片後再上傳",
                $"the file is too large ({Security.RequestLimits.Size(bytes.Length)}, {Security.RequestLimits.Size(limits.MaxFileBytes)} at most): delete extra sheets or pictures and upload it again.");
        try
        {
            if (bytes.AsSpan().StartsWith("PK\x03\x04"u8)) return ReadZip(bytes, limits);
            if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])) return CompoundFile(bytes);
            if (bytes.AsSpan().StartsWith("PK"u8))
                return Corrupt();
            // A PDF is binary after its first line: say what it is rather than "not UTF-8".
            if (bytes.AsSpan().StartsWith("%PDF"u8)) return NotSpreadsheet(" PDF", "a PDF");
            return ReadText(bytes, limits);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A file made by hand or cut short fails somewhere inside the zip, XML or Open XML readers, which do not
            // document every exception they throw: whatever it is, the file cannot be read.
            return Corrupt();
        }
    }

    private static SpreadsheetRead Corrupt() => SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
        "檔案已損毀或不完整，無法讀取：請用試算表軟體（Excel、LibreOffice）開啟後重新存檔再上傳",
        "the file is damaged or incomplete and cannot be read: open it in a spreadsheet program (Excel, LibreOffice), save it again and upload it.");

    /// <summary>An OLE compound file: a password-protected (encrypted) XLSX, or an Excel 97–2003 .xls.</summary>
    private static SpreadsheetRead CompoundFile(byte[] bytes)
    {
        var encrypted = Contains(bytes, Encoding.Unicode.GetBytes("EncryptionInfo")) || Contains(bytes, Encoding.Unicode.GetBytes("EncryptedPackage"));
        return encrypted
            ? SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
                "檔案設有密碼保護（已加密），無法讀取：請在試算表軟體中移除開啟密碼後另存新檔再上傳",
                "the file is password-protected (encrypted) and cannot be read: remove the password to open in the spreadsheet program, save it and upload it.")
            : SpreadsheetRead.Refused(StatusCodes.Status415UnsupportedMediaType,
                "這是舊版 Excel 97–2003 檔（.xls）：請另存為 Excel 活頁簿（.xlsx）或 ODS 後再上傳",
                "this is an old Excel 97–2003 file (.xls): save it as an Excel workbook (.xlsx) or as ODS and upload that.");
    }

    private static bool Contains(byte[] bytes, byte[] part) => bytes.AsSpan().IndexOf(part) >= 0;

    /// <summary>
    /// A zip: checked whole before any part is parsed — the number of entries, each entry's size and ratio, the total,
    /// measured by unpacking (a zip's own sizes can lie) — then read as ODS or XLSX by what it holds.
    /// </summary>
    private static SpreadsheetRead ReadZip(byte[] bytes, SpreadsheetLimits limits)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        if (zip.Entries.Count > limits.MaxEntries) return Bomb($"{zip.Entries.Count} 個項目", $"{zip.Entries.Count} entries");
        long total = 0;
        var buffer = new byte[81920];
        foreach (var entry in zip.Entries)
        {
            long size = 0;
            using (var s = entry.Open())
                for (int n; (n = s.Read(buffer)) > 0;)
                {
                    size += n;
                    total += n;
                    if (size > limits.MaxEntryBytes || total > limits.MaxTotalBytes)
                        return Bomb($"解壓縮後超過 {Security.RequestLimits.Size(Math.Min(limits.MaxEntryBytes, limits.MaxTotalBytes))}",
                            $"over {Security.RequestLimits.Size(Math.Min(limits.MaxEntryBytes, limits.MaxTotalBytes))} once unpacked");
                }
            if (size > 1024 * 1024 && size / Math.Max(1, entry.CompressedLength) > limits.MaxRatio)
                return Bomb($"「{entry.FullName}」的壓縮比超過 {limits.MaxRatio}:1", $"'{entry.FullName}' is compressed more than {limits.MaxRatio}:1");
        }

        if (zip.GetEntry("mimetype") is { } mimetype)
        {
            using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
            var type = reader.ReadToEnd().Trim();
            if (type == OdsWriter.ContentType) return OdsReader.Read(zip, limits);
            return NotSpreadsheet(type.Contains("opendocument.text", StringComparison.Ordinal) ? "ODT 文字文件" : type,
                type.Contains("opendocument.text", StringComparison.Ordinal) ? "an ODT text document" : type);
        }
        if (zip.GetEntry("[Content_Types].xml") is not null)
        {
            if (zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal))) return XlsxReader.Read(bytes, limits);
            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal))) return NotSpreadsheet("Word 文件（.docx）", "a Word document (.docx)");
            if (zip.Entries.Any(e => e.FullName.StartsWith("ppt/", StringComparison.Ordinal))) return NotSpreadsheet("簡報（.pptx）", "a presentation (.pptx)");
        }
        return NotSpreadsheet("zip 壓縮檔", "a zip archive");
    }

    private static SpreadsheetRead Bomb(string zh, string en) => SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
        $"檔案解壓縮後過大（{zh}），不像試算表，未讀取：請上傳一般的試算表檔",
        $"the file is far too large once unpacked ({en}) for a spreadsheet and was not read: upload an ordinary spreadsheet file.");

    public static SpreadsheetRead NotSpreadsheet(string zh, string en) => SpreadsheetRead.Refused(StatusCodes.Status415UnsupportedMediaType,
        $"這個檔案是{zh}，不是試算表：請上傳 XLSX、ODS 或 CSV 檔",
        $"this file is {en}, not a spreadsheet: upload an XLSX, ODS or CSV file.");

    /// <summary>
    /// Text: CSV (comma, semicolon or tab separated) in UTF-8, with or without a byte-order mark, or UTF-16 with one (Excel's
    /// "Unicode text"). Other encodings (Big5) are refused rather than read as mojibake.
    /// </summary>
    private static SpreadsheetRead ReadText(byte[] bytes, SpreadsheetLimits limits)
    {
        string text;
        if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) text = Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2);
        else if (bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) text = Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        else
        {
            var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, start, bytes.Length - start); }
            catch (DecoderFallbackException)
            {
                return LooksBinary(bytes)
                    ? NotSpreadsheet("二進位檔", "a binary file")
                    : SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
                        "CSV 檔不是 UTF-8 編碼（可能是 Big5）：請在試算表軟體另存為「CSV UTF-8」後再上傳",
                        "the CSV file is not in UTF-8 (Big5, perhaps): save it as \"CSV UTF-8\" in the spreadsheet program and upload that.");
            }
        }
        if (text.Contains('\0') || text.StartsWith("%PDF", StringComparison.Ordinal) || text.TrimStart().StartsWith('<') || text.TrimStart().StartsWith('{'))
            return NotSpreadsheet(text.StartsWith("%PDF", StringComparison.Ordinal) ? " PDF" : text.TrimStart().StartsWith('{') ? " JSON" : "其他格式",
                text.StartsWith("%PDF", StringComparison.Ordinal) ? "a PDF" : text.TrimStart().StartsWith('{') ? "JSON" : "in another format");
        return CsvReader.Read(text, limits);
    }

    private static bool LooksBinary(byte[] bytes) => bytes.Take(512).Count(b => b < 0x09 || b is > 0x0D and < 0x20) > 4;

    /// <summary>The format a file name or media type names, for a message; null when neither says.</summary>
    public static bool IsSpreadsheetType(string? contentType) =>
        contentType is not null && (contentType.StartsWith(XlsxWriter.ContentType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith(OdsWriter.ContentType, StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/vnd.ms-excel", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
}

/// <summary>RFC 4180 CSV read into one sheet of text cells; the separator is the one the first line uses (comma, semicolon or tab).</summary>
public static class CsvReader
{
    public static SpreadsheetRead Read(string text, SpreadsheetLimits limits)
    {
        var firstLine = text.AsSpan(0, Math.Max(0, text.IndexOfAny(['\r', '\n']) is var i and >= 0 ? i : text.Length));
        var separator = firstLine.Count('\t') > firstLine.Count(',') ? '\t' : firstLine.Count(';') > firstLine.Count(',') ? ';' : ',';
        var cells = new List<GridCell>();
        int row = 0, column = 0;
        var field = new StringBuilder();
        var quoted = false;
        void End()
        {
            if (field.Length > 0) cells.Add(GridCell.Of(row, column, field.ToString()));
            field.Clear();
        }
        for (var p = 0; p < text.Length; p++)
        {
            var c = text[p];
            if (quoted)
            {
                if (c == '"' && p + 1 < text.Length && text[p + 1] == '"') { field.Append('"'); p++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
                continue;
            }
            if (c == '"' && field.Length == 0) { quoted = true; continue; }
            if (c == separator)
            {
                End();
                if (++column > limits.MaxColumns) return TooMany(limits);
                continue;
            }
            if (c is '\r' or '\n')
            {
                End();
                if (c == '\r' && p + 1 < text.Length && text[p + 1] == '\n') p++;
                row++;
                column = 0;
                if (row > limits.MaxRows) return TooMany(limits);
                continue;
            }
            field.Append(c);
            if (cells.Count > limits.MaxCells) return TooMany(limits);
        }
        End();
        return new SpreadsheetRead(new Workbook([new GridSheet("CSV", cells)]), SpreadsheetFormat.Csv, null);
    }

    public static SpreadsheetRead TooMany(SpreadsheetLimits limits) => SpreadsheetRead.Refused(StatusCodes.Status400BadRequest,
        $"試算表太大（超過 {limits.MaxRows:N0} 列、{limits.MaxColumns:N0} 欄或 {limits.MaxCells:N0} 個儲存格）：請只保留要上傳的資料",
        $"the spreadsheet is too large (over {limits.MaxRows:N0} rows, {limits.MaxColumns:N0} columns or {limits.MaxCells:N0} cells): keep only the data to upload.");
}
