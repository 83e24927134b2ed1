using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Web.Tests.Spreadsheets;

/// <summary>
/// What Excel writes that LibreOffice's files do not show, in small workbooks made by hand with the Open XML SDK:
/// shared strings, a code with a trailing space, a score computed by a formula (its saved value is read), a score
/// typed as text in full-width digits; and a formula saved without its value and an extra sheet of notes before the
/// form, each a problem at its cell, reported together.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ExcelQuirksTests(SqliteBeacon app)
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A workbook: "填報" with the header row and one row of cells as given, after a "說明" sheet of notes if asked.</summary>
    private static byte[] Workbook(bool notes, params Cell[] row)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = document.AddWorkbookPart();
            book.Workbook = new Workbook();
            var strings = book.AddNewPart<SharedStringTablePart>();
            string[] shared = ["代碼", "創新度", "挑戰度", "貢獻度", "版本", "AC3.1 "];
            strings.SharedStringTable = new SharedStringTable(shared.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
            var sheets = book.Workbook.AppendChild(new Sheets());
            if (notes)
            {
                var part = book.AddNewPart<WorksheetPart>();
                part.Worksheet = new Worksheet(new SheetData(new Row(new Cell { CellReference = "A1", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("請填第二個工作表")) }) { RowIndex = 1 }));
                sheets.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = 1, Name = "說明" });
            }
            var form = book.AddNewPart<WorksheetPart>();
            var header = new Row { RowIndex = 1 };
            for (var c = 0; c < 5; c++) header.Append(new Cell { CellReference = $"{(char)('A' + c)}1", DataType = CellValues.SharedString, CellValue = new CellValue(c) });
            var data = new Row { RowIndex = 2 };
            data.Append(row);
            form.Worksheet = new Worksheet(new SheetData(header, data));
            sheets.Append(new Sheet { Id = book.GetIdOfPart(form), SheetId = 2, Name = "填報" });
        }
        return stream.ToArray();
    }

    private static Cell Code() => new() { CellReference = "A2", DataType = CellValues.SharedString, CellValue = new CellValue(5) };

    private static Cell Number(string reference, decimal value) => new() { CellReference = reference, CellValue = new CellValue(value) };

    private static ByteArrayContent Body(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(Xlsx);
        return content;
    }

    [Fact]
    public async Task Excel_s_shared_strings_formulas_with_saved_values_and_full_width_text_digits_are_read_as_shown()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var evaluation = await editor.GetFromJsonAsync<JsonElement>($"/api/orgs/{org}/plans/2022/evaluation");
        var version = evaluation.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "AC3.1").GetProperty("version").GetInt32();
        var file = Workbook(false,
            Code(),
            new Cell { CellReference = "B2", CellFormula = new CellFormula("80+8"), CellValue = new CellValue(88) },
            new Cell { CellReference = "C2", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("８０")) },
            Number("D2", 82),
            Number("E2", version));

        var response = await editor.PostAsync($"/api/orgs/{org}/plans/2022/entry-sheet?dryRun=true", Body(file));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.DescribeAsync());
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("填報", preview.GetProperty("sheet").GetString());
        Assert.Equal([("innovation", "88", "B2"), ("challenge", "80", "C2"), ("contribution", "82", "D2")], preview.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("field").GetString(), c.GetProperty("new").GetString(), c.GetProperty("cell").GetProperty("cell").GetString())));
    }

    [Fact]
    public async Task A_formula_saved_without_its_value_and_a_sheet_of_notes_are_problems_at_their_cells()
    {
        var org = await app.ImportAsPlannerAsync();
        var editor = await app.ClientAsAsync(Roles.AgencyEditor, org);
        var file = Workbook(true, Code(), new Cell { CellReference = "B2", CellFormula = new CellFormula("80+8") }, Number("C2", 80), Number("D2", 82), Number("E2", 0));

        var response = await editor.PostAsync($"/api/orgs/{org}/plans/2022/entry-sheet", Body(file));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().ToList();
        var cells = errors.Select(e => $"{e.GetProperty("cell").GetProperty("sheet").GetString()}!{e.GetProperty("cell").GetProperty("cell").GetString()}").ToList();
        Assert.Contains("填報!B2", cells);
        Assert.Contains("說明!A1", cells);
    }
}
