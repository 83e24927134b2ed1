using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Spreadsheets;

/// <summary>
/// Files that must be refused whole, uploaded to be saved (not a dry run) on a plan open for entry: a zip bomb (an XLSX
/// whose sheet inflates far past the reader's limits), a password-protected workbook (the OLE compound file Excel writes
/// for one), a cut-off zip and a file over the size limit. Each is a 4xx problem document naming the problem in zh-TW
/// and English, and the database is as it was.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class SpreadsheetRefusalTests(SqliteBeacon app)
{
    private const int Year = 2022;
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private async Task<string> SnapshotAsync(string org)
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
        var plan = await db.Plans.AsNoTracking().SingleAsync(p => p.Organisation.Code == org && p.Year == Year);
        var kpis = await db.Kpis.AsNoTracking().Include(k => k.Values).Include(k => k.Assessment)
            .Where(k => db.Objectives.Any(o => o.Id == k.ObjectiveId && o.PlanId == plan.Id))
            .OrderBy(k => k.Code).ToListAsync();
        var audit = await db.AuditEntries.CountAsync(a => a.OrganisationCode == org);
        var plans = await db.Plans.CountAsync(p => p.Organisation.Code == org);
        return $"{plans} plans, {plan.Status} {plan.Version} audit {audit}\n" + string.Join("\n", kpis.Select(k =>
            $"{k.Code} {k.Assessment?.Version} {k.Assessment?.SelfInnovation} {k.Assessment?.SelfChallenge} {k.Assessment?.SelfContribution} " +
            string.Join(";", k.Values.OrderBy(v => v.Year).ThenBy(v => v.Kind).ThenBy(v => v.Period).Select(v => $"{v.Year}{v.Kind}{v.Period}={v.Text}"))));
    }

    private static ByteArrayContent Body(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    /// <summary>Uploads the file to the entry sheet and to the plan sheet; both answer the status with a problem whose messages hold the words.</summary>
    private async Task RefusedAsync(string org, HttpClient client, byte[] bytes, HttpStatusCode status, string zh, string en)
    {
        foreach (var url in new[] { $"/api/orgs/{org}/plans/{Year}/entry-sheet", $"/api/orgs/{org}/plans/{Year + 1}/plan-sheet" })
        {
            var response = await client.PostAsync(url, Body(bytes, Xlsx));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{url}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(text).RootElement;
            if (status == HttpStatusCode.RequestEntityTooLarge)
            {
                // A declared length over the limit is refused before the file is read, by the limit every request has:
                // the title names it in both languages, maxBytes gives it.
                var title = problem.GetProperty("title").GetString();
                Assert.Contains(zh, title, StringComparison.Ordinal);
                Assert.Contains(en, title, StringComparison.Ordinal);
                Assert.True(problem.GetProperty("maxBytes").GetInt64() is > 5 * 1024 * 1024 and < 6 * 1024 * 1024, text);
                continue;
            }
            var error = problem.GetProperty("errors").EnumerateArray().Single();
            Assert.Contains(zh, error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Contains(en, error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
            Assert.EndsWith(".", error.GetProperty("messageEn").GetString(), StringComparison.Ordinal);
        }
    }

    private async Task<(string Org, HttpClient Client, string Before)> PlanAsync()
    {
        var org = await app.ImportAsPlannerAsync();
        // The agency's editor may upload both: the entry sheet of its plan, and a plan sheet of the year after.
        var client = await app.ClientAsAsync(Roles.AgencyEditor, org);
        return (org, client, await SnapshotAsync(org));
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_as_too_large_once_unpacked_and_changes_nothing()
    {
        var (org, client, before) = await PlanAsync();
        // 64 MB of sheet XML (one repeated row of cells) packs into well under 1 MB: past the 24 MB an entry may unpack to.
        var row = "<row>" + string.Concat(Enumerable.Range(0, 20).Select(_ => "<c t=\"inlineStr\"><is><t>AC1.1</t></is></c>")) + "</row>";
        var bomb = Package(("xl/worksheets/sheet1.xml", Sheet(row, 64L * 1024 * 1024)));
        Assert.True(bomb.Length < 1024 * 1024, $"{bomb.Length} bytes");

        await RefusedAsync(org, client, bomb, HttpStatusCode.BadRequest, "檔案解壓縮後過大", "far too large once unpacked");
        Assert.Equal(before, await SnapshotAsync(org));
    }

    [Fact]
    public async Task A_password_protected_workbook_is_refused_by_name_and_changes_nothing()
    {
        var (org, client, before) = await PlanAsync();
        await RefusedAsync(org, client, EncryptedWorkbook(), HttpStatusCode.BadRequest, "密碼保護", "password-protected (encrypted)");
        Assert.Equal(before, await SnapshotAsync(org));
    }

    [Fact]
    public async Task A_cut_off_workbook_is_refused_as_damaged_and_changes_nothing()
    {
        var (org, client, before) = await PlanAsync();
        var whole = await client.GetByteArrayAsync($"/api/orgs/{org}/plans/{Year}/entry-sheet.xlsx");
        // Its first half: the local entries begin with PK\x03\x04, the central directory is gone.
        await RefusedAsync(org, client, whole[..(whole.Length / 2)], HttpStatusCode.BadRequest, "檔案已損毀或不完整", "damaged or incomplete");
        Assert.Equal(before, await SnapshotAsync(org));
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_413_and_changes_nothing()
    {
        var (org, client, before) = await PlanAsync();
        // A real workbook padded past 5 MB with an incompressible entry of its own: the size, not the content, refuses it.
        var padding = new byte[6 * 1024 * 1024];
        new Random(12).NextBytes(padding);
        var large = Package(("xl/worksheets/sheet1.xml", Sheet("<row><c t=\"inlineStr\"><is><t>AC1.1</t></is></c></row>", 1)), ("xl/media/image1.bin", padding));
        Assert.True(large.Length > 5 * 1024 * 1024);

        await RefusedAsync(org, client, large, HttpStatusCode.RequestEntityTooLarge, "內容太大（上限 5", "too large (5");
        Assert.Equal(before, await SnapshotAsync(org));
    }

    /// <summary>A sheet's XML: the row repeated until the part is at least the size (rows numbered by position).</summary>
    private static byte[] Sheet(string row, long size)
    {
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"u8.ToArray();
        var tail = "</sheetData></worksheet>"u8.ToArray();
        var body = Encoding.UTF8.GetBytes(row);
        var count = Math.Max(1, (int)(size / body.Length));
        var bytes = new byte[head.Length + count * body.Length + tail.Length];
        head.CopyTo(bytes, 0);
        for (var i = 0; i < count; i++) body.CopyTo(bytes, head.Length + i * body.Length);
        tail.CopyTo(bytes, bytes.Length - tail.Length);
        return bytes;
    }

    /// <summary>A minimal XLSX package (content types, workbook, its relationships) around the given parts.</summary>
    private static byte[] Package(params (string Name, byte[] Bytes)[] parts)
    {
        var text = new (string, string)[]
        {
            ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"bin\" ContentType=\"application/octet-stream\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
            ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"填報\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
        };
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in text.Select(t => (t.Item1, Encoding.UTF8.GetBytes(t.Item2))).Concat(parts))
            {
                using var entry = zip.CreateEntry(name, name.EndsWith(".bin", StringComparison.Ordinal) ? CompressionLevel.NoCompression : CompressionLevel.Optimal).Open();
                entry.Write(bytes);
            }
        return stream.ToArray();
    }

    /// <summary>
    /// The shape of a workbook Excel saves with a password to open (MS-OFFCRYPTO): an OLE compound file (MS-CFB) whose
    /// directory holds the streams EncryptionInfo and EncryptedPackage, their contents random as ciphertext is.
    /// </summary>
    private static byte[] EncryptedWorkbook()
    {
        const int sector = 512;
        var file = new byte[sector * 6];
        var header = file.AsSpan(0, sector);
        ((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).CopyTo(header);
        BitConverter.TryWriteBytes(header[0x18..], (ushort)0x003E);   // minor version
        BitConverter.TryWriteBytes(header[0x1A..], (ushort)0x0003);   // major version 3: 512-byte sectors
        BitConverter.TryWriteBytes(header[0x1C..], (ushort)0xFFFE);   // little-endian
        BitConverter.TryWriteBytes(header[0x1E..], (ushort)9);        // sector shift
        BitConverter.TryWriteBytes(header[0x20..], (ushort)6);        // mini sector shift
        BitConverter.TryWriteBytes(header[0x2C..], 1);                // one FAT sector
        BitConverter.TryWriteBytes(header[0x30..], 1);                // the directory starts at sector 1
        BitConverter.TryWriteBytes(header[0x38..], 4096);             // mini stream cutoff
        BitConverter.TryWriteBytes(header[0x3C..], -2);               // no mini FAT
        BitConverter.TryWriteBytes(header[0x44..], -2);               // no DIFAT sectors
        BitConverter.TryWriteBytes(header[0x4C..], 0);                // the FAT is sector 0
        for (var i = 1; i < 109; i++) BitConverter.TryWriteBytes(header[(0x4C + 4 * i)..], -1);
        var fat = file.AsSpan(sector, sector);
        for (var i = 0; i < sector / 4; i++) BitConverter.TryWriteBytes(fat[(4 * i)..], -1);
        BitConverter.TryWriteBytes(fat, -3);          // sector 0: the FAT
        BitConverter.TryWriteBytes(fat[4..], -2);     // sector 1: the directory
        BitConverter.TryWriteBytes(fat[8..], -2);     // sector 2: EncryptionInfo
        BitConverter.TryWriteBytes(fat[12..], 4);     // sectors 3–4: EncryptedPackage
        BitConverter.TryWriteBytes(fat[16..], -2);
        void Entry(int index, string name, byte type, int start, int size, int right)
        {
            var e = file.AsSpan(sector * 2 + index * 128, 128);
            Encoding.Unicode.GetBytes(name).CopyTo(e);
            BitConverter.TryWriteBytes(e[0x40..], (ushort)((name.Length + 1) * 2));
            e[0x42] = type;
            e[0x43] = 1;   // black
            BitConverter.TryWriteBytes(e[0x44..], -1);
            BitConverter.TryWriteBytes(e[0x48..], right);
            BitConverter.TryWriteBytes(e[0x4C..], type == 5 ? 1 : -1);
            BitConverter.TryWriteBytes(e[0x74..], start);
            BitConverter.TryWriteBytes(e[0x78..], size);
        }
        Entry(0, "Root Entry", 5, -2, 0, -1);
        Entry(1, "EncryptionInfo", 2, 2, 4096, 2);
        Entry(2, "EncryptedPackage", 2, 3, 8192, -1);
        // Sector n is at 512 × (n + 1): the FAT, the directory, EncryptionInfo, EncryptedPackage (sizes as declared
        // past the cutoff of the mini stream; the contents are cut short, as the reader never opens them).
        var random = new Random(5);
        random.NextBytes(file.AsSpan(sector * 3));
        BitConverter.TryWriteBytes(file.AsSpan(sector * 3), (ushort)4);   // EncryptionInfo version 4.4 (agile)
        BitConverter.TryWriteBytes(file.AsSpan(sector * 3 + 2), (ushort)4);
        return file;
    }
}
