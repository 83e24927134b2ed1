using System.Net;
using System.Text;
using Beacon.Web.Tests.Evaluation;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Api;

/// <summary>
/// Every endpoint that reads a JSON body reads it the same way (Features/Shared/JsonBody): 415 when it is not JSON;
/// 400 naming the place when it is malformed, not UTF-8, holds an escape that is no character or a value of the
/// wrong type; and nothing is written. The detailed cases are the core's (JsonInputTests); here each endpoint is
/// shown to answer them on the wire. On SQLite only: reading a body does not touch the database.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class BodyReadingTests(SqliteBeacon app) : IAsyncLifetime
{
    private HttpClient admin = null!;
    private string org = "";

    public async Task InitializeAsync()
    {
        org = await app.SharedPlanAsync(nameof(BodyReadingTests));
        admin = await app.ClientAsync(Data.Roles.Administrator);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Each endpoint with a string field of its body (where an escape that is no character goes) and its JSON path.</summary>
    public static TheoryData<string, string, string, string> Endpoints => new()
    {
        { "PUT", "kpis/AC1.1/actual", """{"value":"X"}""", "$.value" },
        { "PUT", "kpis/AC1.1/progress", """{"values":{"Q1":{"value":"X"}}}""", "$.values.Q1.value" },
        { "PUT", "kpis/AC1.1/self", """{"explanation":"X"}""", "$.explanation" },
        { "PUT", "kpis/AC1.1/review", """{"comment":"X"}""", "$.comment" },
        { "PUT", "evaluation/settings", """{"bandRule":"X"}""", "$.bandRule" },
        { "POST", "workflow/return", """{"comment":"X"}""", "$.comment" },
        { "PUT", "/api/calendar/2022", """{"entryOpens":{"date":"X"}}""", "$.entryOpens.date" },
        { "POST", "/api/import?dryRun=true", """{"formatVersion":1,"title":"X"}""", "$.title" },
        { "POST", "/api/token", """{"email":"X","password":"p"}""", "$.email" },
    };

    private HttpRequestMessage Request(string method, string url, byte[] body, string type = "application/json")
    {
        var address = url.StartsWith('/') ? url : $"/api/orgs/{org}/plans/2022/{url}";
        return new HttpRequestMessage(new HttpMethod(method), address) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", type } } } };
    }

    private async Task<IReadOnlyList<(string Path, string Message, string MessageEn)>> RefusedAsync(HttpRequestMessage request, HttpStatusCode status)
    {
        var before = await admin.ExportAsync(org);
        var problem = await EvaluationKit.AssertProblemAsync(await admin.SendAsync(request), status);
        Assert.Equal(before, await admin.ExportAsync(org));
        return problem.TryGetProperty("errors", out _) ? problem.Errors() : [];
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task A_body_that_is_not_JSON_is_a_415(string method, string url, string body, string _)
    {
        var errors = await RefusedAsync(Request(method, url, Encoding.UTF8.GetBytes(body), "text/plain"), HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(errors);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Malformed_JSON_is_a_400_naming_the_line_and_byte(string method, string url, string body, string _)
    {
        var cut = body[..^1];   // the closing brace is missing
        var error = Assert.Single(await RefusedAsync(Request(method, url, Encoding.UTF8.GetBytes(cut)), HttpStatusCode.BadRequest));
        Assert.Equal("$", error.Path);
        Assert.Contains("不是正確的 JSON（第 1 行", error.Message);
        Assert.Contains("not well-formed JSON (line 1, byte", error.MessageEn);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task An_escape_that_is_no_character_is_a_400_naming_its_path(string method, string url, string body, string path)
    {
        var lone = body.Replace("\"X\"", "\"\\ud800\"", StringComparison.Ordinal);
        var error = Assert.Single(await RefusedAsync(Request(method, url, Encoding.UTF8.GetBytes(lone)), HttpStatusCode.BadRequest));
        Assert.Equal(path, error.Path);
        Assert.Contains("\\ud800", error.MessageEn);
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task Bytes_that_are_not_UTF8_are_a_400_naming_the_byte_and_nothing_is_stored(string method, string url, string body, string _)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xFF;   // no UTF-8 text has this byte: it would be stored as U+FFFD if read leniently
        var error = Assert.Single(await RefusedAsync(Request(method, url, bytes), HttpStatusCode.BadRequest));
        Assert.Equal("$", error.Path);
        Assert.Contains($"第 {at + 1} 個位元組", error.Message);
        Assert.Contains($"not valid UTF-8 text (line 1, byte {at + 1})", error.MessageEn);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    [InlineData("1.5")]
    public async Task An_import_whose_format_version_is_not_a_whole_number_is_a_400_naming_it(string version)
    {
        var errors = await RefusedAsync(Request("POST", "/api/import?dryRun=true", Encoding.UTF8.GetBytes($$"""{"formatVersion":{{version}}}""")), HttpStatusCode.BadRequest);
        Assert.Contains(errors, e => e.Path == "$.formatVersion");
    }

    [Fact]
    public async Task An_import_with_an_escape_that_is_no_character_beside_other_problems_is_a_400_not_a_500()
    {
        var errors = await RefusedAsync(Request("POST", "/api/import?dryRun=true", Encoding.UTF8.GetBytes("""{"formatVersion":"x","title":"\ud800","year":"?"}""")), HttpStatusCode.BadRequest);
        Assert.Equal("$.title", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_is_a_400_naming_its_path()
    {
        var errors = await RefusedAsync(Request("PUT", "kpis/AC1.1/self", Encoding.UTF8.GetBytes("""{"innovation":"eighty"}""")), HttpStatusCode.BadRequest);
        Assert.Equal("$.innovation", Assert.Single(errors).Path);
    }

    [Fact]
    public async Task An_unknown_property_is_a_400_naming_it()
    {
        var errors = await RefusedAsync(Request("PUT", "kpis/AC1.1/self", Encoding.UTF8.GetBytes("""{"innovaton":80,"challenge":85,"contribution":85}""")), HttpStatusCode.BadRequest);

        Assert.Equal(("$.innovaton", "「$.innovaton」的值不正確：型別或名稱不符", "the value at '$.innovaton' has the wrong type or an unknown name"), Assert.Single(errors));
    }
}
