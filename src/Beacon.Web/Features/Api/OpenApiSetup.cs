using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Beacon.Web.Features.Api;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) as a generated client needs it: the two ways to sign in declared as
/// security schemes (a bearer token from POST /api/token, the pages' cookie) and applied to every operation (optional
/// where anonymous readers are served too), a stable operationId on every operation (the endpoint's name, given with
/// <c>WithName</c>), the problem answers each declares, and a description of every tag. The test OpenApiLintTests
/// lints it with Redocly CLI and generates a client from it with NSwag.
/// </summary>
public static class OpenApiSetup
{
    public const string Bearer = "bearer";
    public const string Cookie = "cookie";

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Accounts"] = "Signing in for scripts (a bearer token) and who is signed in.",
        ["Plans"] = "Organisations and their plans in the interchange format (docs/interchange.md), and importing a plan.",
        ["Evaluation"] = "The yearly evaluation: per-KPI achievement, scores and lights, the statistics, and entering actuals, progress, self-assessments, reviews and settings. Every write sends the version it is based on.",
        ["Workflow"] = "A plan year's status and history, and the steps: submit, start review, approve, return, unlock.",
        ["Calendar"] = "The evaluation calendar of a plan year: entry opens, submission and review deadlines, publication.",
        ["Open data"] = "Approved plans' scorecards and evaluations as CSV and JSON files.",
        ["Documents"] = "A plan's printable documents and the yearly report.",
        ["Authoring"] = "Organisations, starting plans (empty, carried forward, from the city plan), editing a plan's header, perspectives, themes, objectives, KPIs, action plans and links, each with its version; published versions and revisions (docs/authoring.md).",
        ["Spreadsheets"] = "Spreadsheets in: the entry sheet of a plan year and its upload (preview, then all or nothing), and a new plan from a scorecard spreadsheet.",
    };

    /// <summary>"GET", "open-data/{org}/{year:int}/scorecard.csv" → getOpenDataOrgYearScorecardCsv.</summary>
    public static string NameOf(string method, string route)
    {
        var words = System.Text.RegularExpressions.Regex.Replace(route, ":[^}]*", "").Split(['/', '{', '}', '.', '-', '?', ':'], StringSplitOptions.RemoveEmptyEntries);
        return method.ToLowerInvariant() + string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    public static IServiceCollection AddBeaconOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, context, ct) =>
        {
            document.Info.Title = "Beacon";
            document.Info.Description = "Strategy maps and balanced scorecards: plans, the yearly evaluation and its workflow. "
                + "Errors are RFC 7807 problem details with an `errors` list (path, message in Traditional Chinese, messageEn).";
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "A token from POST /api/token, sent as `Authorization: Bearer <accessToken>`.",
            };
            document.Components.SecuritySchemes[Cookie] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = "beacon.auth",
                Description = "The sign-in cookie of the pages; API writes with it must be application/json.",
            };
            var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
                .Select(t => t.Name).OfType<string>().ToHashSet();
            document.Tags = new HashSet<OpenApiTag>([.. used.Order(StringComparer.Ordinal)
                .Select(name => new OpenApiTag { Name = name, Description = Tags.GetValueOrDefault(name, name) })]);
            return Task.CompletedTask;
        });
        // An enum travels as its name ("city"): say the values are strings, so a generator makes a string enum of them.
        options.AddSchemaTransformer((schema, context, ct) =>
        {
            if (schema.Enum is { Count: > 0 } values && schema.Type is null && values.All(v => v?.GetValueKind() == System.Text.Json.JsonValueKind.String))
                schema.Type = JsonSchemaType.String;
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            OpenApiSecurityRequirement Scheme(string name) => new() { [new OpenApiSecuritySchemeReference(name, context.Document)] = [] };
            // An operation anonymous readers may use too lists the empty requirement: signing in is optional there.
            operation.Security = signedIn ? [Scheme(Bearer), Scheme(Cookie)] : [new OpenApiSecurityRequirement(), Scheme(Bearer), Scheme(Cookie)];
            // The endpoint's name; an endpoint without one gets a name from its method and route, as stable as the route.
            operation.OperationId ??= metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
                ?? NameOf(context.Description.HttpMethod ?? "get", context.Description.RelativePath ?? "");
            return Task.CompletedTask;
        });
    });
}
