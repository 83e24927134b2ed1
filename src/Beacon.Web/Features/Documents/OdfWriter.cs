using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// OpenDocument 1.3 packages (ISO/IEC 26300), written directly: a zip whose first entry is <c>mimetype</c>, stored
/// uncompressed, then content.xml, styles.xml, meta.xml, settings.xml and META-INF/manifest.xml. Taiwan's
/// government exchanges documents as ODF; no maintained .NET library writes it, and a document needs little of it.
/// </summary>
public static class OdfPackage
{
    public const string Office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    public const string Style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    public const string Text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    public const string Table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    public const string Fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
    public const string Number = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0";
    public const string Svg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
    public const string XLink = "http://www.w3.org/1999/xlink";
    public const string Meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
    public const string Dc = "http://purl.org/dc/elements/1.1/";
    public const string Config = "urn:oasis:names:tc:opendocument:xmlns:config:1.0";
    public const string Manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";
    public const string Version = "1.3";

    /// <summary>The font every style names; fontconfig, LibreOffice and Word substitute their own CJK font when it is absent.</summary>
    public const string Font = "Noto Sans CJK TC";

    public static byte[] Write(string mimeType, IReadOnlyDictionary<string, Action<XmlWriter>> parts)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            // First and stored, so a reader can tell the type from the file's first bytes (ODF 1.3 part 2, 3.3).
            var mimetype = zip.CreateEntry("mimetype", CompressionLevel.NoCompression);
            using (var s = mimetype.Open()) s.Write(Encoding.ASCII.GetBytes(mimeType));
            foreach (var (path, write) in parts) Xml(zip, path, write);
            Xml(zip, "META-INF/manifest.xml", x =>
            {
                x.WriteStartElement("manifest", "manifest", Manifest);
                x.WriteAttributeString("manifest", "version", Manifest, Version);
                Entry(x, "/", mimeType, Version);
                foreach (var path in parts.Keys) Entry(x, path, "text/xml", null);
                x.WriteEndElement();
            });
        }
        return stream.ToArray();
    }

    private static void Entry(XmlWriter x, string path, string type, string? version)
    {
        x.WriteStartElement("manifest", "file-entry", Manifest);
        x.WriteAttributeString("manifest", "full-path", Manifest, path);
        if (version is not null) x.WriteAttributeString("manifest", "version", Manifest, version);
        x.WriteAttributeString("manifest", "media-type", Manifest, type);
        x.WriteEndElement();
    }

    private static void Xml(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        using var s = entry.Open();
        using var x = XmlWriter.Create(s, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, CheckCharacters = false });
        x.WriteStartDocument();
        write(x);
        x.WriteEndDocument();
    }

    /// <summary>Opens a document root with every namespace the writers use declared once, and office:version.</summary>
    public static void Root(XmlWriter x, string name)
    {
        x.WriteStartElement("office", name, Office);
        foreach (var (prefix, ns) in new[] { ("style", Style), ("text", Text), ("table", Table), ("fo", Fo), ("number", Number), ("svg", Svg), ("xlink", XLink), ("meta", Meta), ("dc", Dc), ("config", Config) })
            x.WriteAttributeString("xmlns", prefix, null, ns);
        x.WriteAttributeString("office", "version", Office, Version);
    }

    public static Action<XmlWriter> MetaPart(string title) => x =>
    {
        Root(x, "document-meta");
        x.WriteStartElement("office", "meta", Office);
        x.WriteElementString("meta", "generator", Meta, "Beacon");
        x.WriteElementString("dc", "title", Dc, title);
        x.WriteElementString("dc", "language", Dc, CultureInfo.CurrentUICulture.Name.Length > 0 ? CultureInfo.CurrentUICulture.Name : "zh-TW");
        x.WriteEndElement();
        x.WriteEndElement();
    };

    /// <summary>styles.xml: the default font (Latin and CJK), an A4 page and a footer with page n / N.</summary>
    public static Action<XmlWriter> StylesPart(string family, bool landscape) => x =>
    {
        Root(x, "document-styles");
        x.WriteStartElement("office", "font-face-decls", Office);
        x.WriteStartElement("style", "font-face", Style);
        x.WriteAttributeString("style", "name", Style, Font);
        x.WriteAttributeString("svg", "font-family", Svg, $"'{Font}'");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("office", "styles", Office);
        x.WriteStartElement("style", "default-style", Style);
        x.WriteAttributeString("style", "family", Style, family);
        TextProperties(x, bold: false, size: "10pt");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("office", "automatic-styles", Office);
        x.WriteStartElement("style", "page-layout", Style);
        x.WriteAttributeString("style", "name", Style, "page");
        x.WriteStartElement("style", "page-layout-properties", Style);
        x.WriteAttributeString("fo", "page-width", Fo, landscape ? "29.7cm" : "21cm");
        x.WriteAttributeString("fo", "page-height", Fo, landscape ? "21cm" : "29.7cm");
        x.WriteAttributeString("style", "print-orientation", Style, landscape ? "landscape" : "portrait");
        x.WriteAttributeString("fo", "margin", Fo, "1.5cm");
        x.WriteEndElement();
        x.WriteStartElement("style", "footer-style", Style);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("office", "master-styles", Office);
        x.WriteStartElement("style", "master-page", Style);
        x.WriteAttributeString("style", "name", Style, "Default");
        x.WriteAttributeString("style", "page-layout-name", Style, "page");
        x.WriteStartElement("style", "footer", Style);
        x.WriteStartElement("text", "p", Text);
        x.WriteStartElement("text", "page-number", Text);
        x.WriteAttributeString("text", "select-page", Text, "current");
        x.WriteString("1");
        x.WriteEndElement();
        x.WriteString(" / ");
        x.WriteStartElement("text", "page-count", Text);
        x.WriteString("1");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    };

    public static void TextProperties(XmlWriter x, bool bold, string size)
    {
        x.WriteStartElement("style", "text-properties", Style);
        x.WriteAttributeString("style", "font-name", Style, Font);
        x.WriteAttributeString("style", "font-name-asian", Style, Font);
        x.WriteAttributeString("fo", "font-size", Fo, size);
        x.WriteAttributeString("style", "font-size-asian", Style, size);
        if (bold)
        {
            x.WriteAttributeString("fo", "font-weight", Fo, "bold");
            x.WriteAttributeString("style", "font-weight-asian", Style, "bold");
        }
        x.WriteEndElement();
    }

    public static void Attribute(XmlWriter x, string prefix, string ns, string name, string value) => x.WriteAttributeString(prefix, name, ns, value);

    /// <summary>A number style for a format the documents print (0, 0.0, #,##0.00): decimals and grouping.</summary>
    public static void NumberStyle(XmlWriter x, string name, string format)
    {
        var dot = format.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : format.Length - dot - 1;
        x.WriteStartElement("number", "number-style", Number);
        x.WriteAttributeString("style", "name", Style, name);
        x.WriteStartElement("number", "number", Number);
        x.WriteAttributeString("number", "decimal-places", Number, decimals.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("number", "min-decimal-places", Number, format.Contains('#', StringComparison.Ordinal) && dot >= 0 && format[(dot + 1)..].Contains('#', StringComparison.Ordinal)
            ? format[(dot + 1)..].Count(c => c == '0').ToString(CultureInfo.InvariantCulture) : decimals.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("number", "min-integer-digits", Number, "1");
        if (format.Contains(',', StringComparison.Ordinal)) x.WriteAttributeString("number", "grouping", Number, "true");
        x.WriteEndElement();
        x.WriteEndElement();
    }

    /// <summary>Text split into paragraphs at line breaks, as text:p elements.</summary>
    public static void Paragraphs(XmlWriter x, string text, string? style = null)
    {
        foreach (var line in text.Split('\n'))
        {
            x.WriteStartElement("text", "p", Text);
            if (style is not null) x.WriteAttributeString("text", "style-name", Text, style);
            x.WriteString(Clean(line));
            x.WriteEndElement();
        }
    }

    public static string Clean(string text) => text.Any(ch => ch < 0x20 && ch is not '\t')
        ? new string([.. text.Where(ch => ch >= 0x20 || ch is '\t')]) : text;

    public static string Cm(double cm) => cm.ToString("0.###", CultureInfo.InvariantCulture) + "cm";

    /// <summary>A table cell's value: float with office:value for a number cell, else string.</summary>
    public static void CellValue(XmlWriter x, Cell cell)
    {
        if (cell.Number is { } n)
        {
            x.WriteAttributeString("office", "value-type", Office, "float");
            x.WriteAttributeString("office", "value", Office, n.ToString(CultureInfo.InvariantCulture));
        }
        else if (cell.Text.Length > 0)
            x.WriteAttributeString("office", "value-type", Office, "string");
    }

    public static void Spans(XmlWriter x, Cell cell)
    {
        if (cell.ColSpan > 1) x.WriteAttributeString("table", "number-columns-spanned", Table, cell.ColSpan.ToString(CultureInfo.InvariantCulture));
        if (cell.RowSpan > 1) x.WriteAttributeString("table", "number-rows-spanned", Table, cell.RowSpan.ToString(CultureInfo.InvariantCulture));
    }
}
