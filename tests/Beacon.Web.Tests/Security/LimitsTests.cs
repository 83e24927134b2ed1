using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Beacon.Web.Features.Security;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Security;

/// <summary>Rate limits and request size limits, on an app configured with low ones (<see cref="LimitsBeacon"/>).</summary>
public sealed class LimitsTests(LimitsBeacon app) : IClassFixture<LimitsBeacon>
{
    private readonly HttpClient client = app.CreateClient();

    // A plain socket client: the test client's redirect handler reads a body into memory first and sends it with a
    // Content-Length, so neither a chunked body nor an unsent one would reach the server as such.
    private readonly HttpClient plain = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Theory]
    [InlineData("/probe/sign-in", LimitsBeacon.SignInPerMinute)]
    [InlineData("/probe/import", LimitsBeacon.ImportPerMinute)]
    public async Task A_client_over_the_limit_gets_429_with_a_bilingual_problem_and_Retry_After(string path, int perMinute)
    {
        for (var i = 1; i <= perMinute; i++)
        {
            var allowed = await client.PostAsync(path, null);
            Assert.True(allowed.StatusCode == HttpStatusCode.OK, $"attempt {i} of {perMinute}: {allowed.StatusCode}");
        }

        var refused = await client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var seconds = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal($"嘗試次數過多，請於 {seconds} 秒後再試 / too many attempts; try again in {seconds} seconds", problem.GetProperty("title").GetString());
        // The refusal is a response like any other: it carries the security headers too.
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, refused.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task An_api_body_over_the_limit_is_refused_with_413_problem_details_before_it_is_read()
    {
        var response = await client.PostAsync("/api/import", new ByteArrayContent(new byte[LimitsBeacon.MaxBodyBytes + 1])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        });

        await AssertProblem413(response);
    }

    [Fact]
    public async Task A_huge_upload_announced_with_Expect_100_continue_is_refused_before_it_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = new NeverSentContent(1L << 30) };
        request.Headers.ExpectContinue = true;

        var response = await plain.SendAsync(request);

        await AssertProblem413(response);
        Assert.True(response.Headers.ConnectionClose, "a body not read to its end closes the connection");
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read()
    {
        var response = await client.PostAsync("/probe/read", new StringContent(new string('a', (int)LimitsBeacon.MaxBodyBytes)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LimitsBeacon.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_endpoint_may_set_a_limit_of_its_own_lower_or_higher_than_the_servers()
    {
        var lower = await plain.PostAsync("/probe/read-1k", Chunked(new string('a', 2048), "text/plain"));
        var higher = await plain.PostAsync("/probe/read-256k", Chunked(new string('a', 100_000), "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, lower.StatusCode);
        Assert.Contains("上限 1 KB", await lower.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, higher.StatusCode);
        Assert.Equal("100000", await higher.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_chunked_body_that_runs_over_is_413_problem_details_when_the_endpoint_reads_it()
    {
        var response = await plain.PostAsync("/probe/read", Chunked(new string('a', (int)LimitsBeacon.MaxBodyBytes * 2), "application/json"));

        await AssertProblem413(response);
    }

    [Fact]
    public async Task A_chunked_json_body_that_runs_over_is_413_although_minimal_api_binding_would_say_400()
    {
        var json = JsonSerializer.Serialize(new { text = new string('a', (int)LimitsBeacon.MaxBodyBytes * 2) });

        var response = await plain.PostAsync("/probe/json", Chunked(json, "application/json"));

        await AssertProblem413(response);
    }

    [Fact]
    public async Task A_chunked_form_post_to_a_page_that_runs_over_is_413_although_the_antiforgery_check_would_say_400()
    {
        // The antiforgery check reads the form first, meets Kestrel's refusal and answers a bare 400.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = Chunked("text=" + new string('a', (int)LimitsBeacon.MaxBodyBytes * 2), "application/x-www-form-urlencoded"),
        };
        request.Headers.Accept.ParseAdd("text/html");

        var response = await plain.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("送出的資料超過 64 KB 上限", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_form_post_over_the_limit_gets_a_friendly_413_page_in_the_users_language()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/probe/form")
        {
            Content = new FormUrlEncodedContent([new("text", new string('a', (int)LimitsBeacon.MaxBodyBytes))]),
        };
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Referrer = new Uri(app.ServerAddress, "/orgs/TPE/2021/entry?theme=A");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-Hant-TW\">", page);
        Assert.Contains("送出的資料超過 64 KB 上限，未處理也未儲存任何資料。", page);
        Assert.Contains("<a href=\"/orgs/TPE/2021/entry?theme=A\">回到上一頁</a>", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("style=", page);
    }

    [Fact]
    public async Task The_413_page_is_in_English_when_the_user_chose_English_and_never_links_off_site()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/probe/form?culture=en&ui-culture=en")
        {
            Content = new FormUrlEncodedContent([new("text", new string('a', (int)LimitsBeacon.MaxBodyBytes))]),
        };
        request.Headers.Referrer = new Uri("https://elsewhere.example/phish");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("What you sent is larger than the 64 KB limit, so nothing was processed or saved.", page);
        Assert.Contains("<a href=\"/\">Back to the form</a>", page);
        Assert.DoesNotContain("elsewhere.example", page);
    }

    [Fact]
    public async Task A_form_with_as_many_fields_as_a_whole_plans_entry_form_is_read()
    {
        // TPE 2021's entry form posts about 1,350 fields (162 KPIs × 8); ASP.NET Core's default stops at 1,024.
        var fields = Enumerable.Range(0, 2000).Select(i => new KeyValuePair<string, string>($"Rows[{i / 8}].F{i % 8}", "1"));

        var response = await client.PostAsync("/probe/form", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2000", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_server_does_not_name_itself()
    {
        var response = await client.GetAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Select(h => h.Key)));
    }

    private static async Task AssertProblem413(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Equal("內容太大（上限 64 KB）/ request body too large (64 KB at most)", problem.GetProperty("title").GetString());
        Assert.Equal(LimitsBeacon.MaxBodyBytes, problem.GetProperty("maxBytes").GetInt64());
    }

    /// <summary>A body sent without Content-Length, so the server learns its size only by reading it.</summary>
    private static HttpContent Chunked(string text, string mediaType) => new ChunkedContent(Encoding.UTF8.GetBytes(text))
    {
        Headers = { ContentType = new MediaTypeHeaderValue(mediaType) },
    };

    /// <summary>A body that announces its length but fails the test if the client ever starts sending it.</summary>
    private sealed class NeverSentContent(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            throw new Xunit.Sdk.XunitException("the client sent the body although the server had already refused it");

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return true;
        }
    }

    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var at = 0; at < bytes.Length; at += 8192)
                await stream.WriteAsync(bytes.AsMemory(at, Math.Min(8192, bytes.Length - at)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}

/// <summary>The default limit, 10 MiB, on the app as the other tests run it.</summary>
[Collection(SqliteCollection.Name)]
public sealed class DefaultLimitTests(SqliteBeacon app)
{
    [Fact]
    public async Task A_body_over_10_MB_is_refused_with_413_naming_the_limit()
    {
        using var client = app.CreateClient();

        var response = await client.PostAsync("/api/import", new ByteArrayContent(new byte[RequestLimitSettings.DefaultMaxRequestBodyBytes + 1])
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("內容太大（上限 10 MB）/ request body too large (10 MB at most)", problem.GetProperty("title").GetString());
    }
}
