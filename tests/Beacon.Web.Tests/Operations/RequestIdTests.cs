using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Web.Data;
using Beacon.Web.Features.Operations;
using Beacon.Web.Tests.Infrastructure;
using Beacon.Web.Tests.Security;

namespace Beacon.Web.Tests.Operations;

/// <summary>
/// Every problem answer names its request (<c>requestId</c>, the same id as the <c>X-Request-Id</c> header and the
/// logs), whoever writes it: an endpoint, the rate limiter, the size limit, the JSON-only rule for cookie writes, model
/// binding, status code pages. On the app with low limits (<see cref="LimitsBeacon"/>).
/// </summary>
public sealed class RequestIdTests(LimitsBeacon app) : IClassFixture<LimitsBeacon>
{
    [Fact]
    public async Task Every_kind_of_problem_answer_carries_the_request_id_of_its_header()
    {
        using var client = app.CreateClient();
        using var cookie = await app.CookieClientAsAsync(Roles.Planner);
        var answers = new List<(string What, HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ("an endpoint's 404", await client.GetAsync("/api/orgs/NO-SUCH/plans"), HttpStatusCode.NotFound),
            ("status code pages' 404", await client.GetAsync("/api/no/such/thing"), HttpStatusCode.NotFound),
            ("a wrong password", await client.PostAsJsonAsync("/api/token", new { email = "nobody@ids.beacon.tw", password = "wrong-password-2021" }), HttpStatusCode.Unauthorized),
            ("binding's 400", await client.PostAsync("/probe/json", new StringContent("{\"text\":", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest),
            ("the size limit", await client.PostAsync("/probe/read", new ByteArrayContent(new byte[LimitsBeacon.MaxBodyBytes + 1])), HttpStatusCode.RequestEntityTooLarge),
            ("a cookie write that is not JSON", await cookie.PostAsync("/api/import", new StringContent("{}", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType),
        };
        for (var i = 0; i <= LimitsBeacon.ImportPerMinute; i++)
        {
            var response = await client.PostAsync("/probe/import", null);
            if (i == LimitsBeacon.ImportPerMinute) answers.Add(("the rate limit", response, HttpStatusCode.TooManyRequests));
        }

        foreach (var (what, response, expected) in answers)
        {
            Assert.True(expected == response.StatusCode, $"{what}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var header = Assert.Single(response.Headers.GetValues(OperationsSetup.RequestIdHeader));
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.TryGetProperty("requestId", out var id), $"{what}: {problem}");
            Assert.Equal(header, id.GetString());
            Assert.Matches("^[0-9A-Z]+:[0-9A-F]{8}$", header);
        }
        Assert.Equal(answers.Count, answers.Select(a => a.Response.Headers.GetValues(OperationsSetup.RequestIdHeader).Single()).Distinct().Count());
    }
}
