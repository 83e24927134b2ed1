using System.Globalization;
using Beacon.Web.Data;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Features.ReadModel;

public static class ReadModelSetup
{
    public static IServiceCollection AddReadModel(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReadModelOptions>(configuration.GetSection("ReadModel"));
        services.AddSingleton<PlanViewCache>();
        services.AddScoped<PlanReader>();
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<IOptions<ReadModelOptions>>((o, read) =>
        {
            o.SizeLimit = read.Value.OutputMegabytes * 1024L * 1024L;
            o.DefaultExpirationTimeSpan = TimeSpan.FromMinutes(read.Value.IdleMinutes);
            // Organisation and KPI codes are case-sensitive: /orgs/tpe is not /orgs/TPE.
            o.UseCaseSensitivePaths = true;
            o.AddBasePolicy(new AnonymousPlanReads());
        });
        services.AddOptions<CacheTagHelperOptions>().Configure<IOptions<ReadModelOptions>>((o, read) =>
            o.SizeLimit = read.Value.FragmentMegabytes * 1024L * 1024L);
        return services;
    }

    /// <summary>Put it after authentication (and the security stamp check): only anonymous requests are served from it.</summary>
    public static IApplicationBuilder UseReadModelOutputCache(this IApplicationBuilder app) => app.UseOutputCache();

    /// <summary>The tag of every stored response, so that they can all be dropped at once.</summary>
    internal const string Tag = "plans";

    /// <summary>
    /// Empties every cache of the read model: views, stored responses, shared renderings, the answers kept until the
    /// database changes (<see cref="ChangeWatch"/>). Never needed for correctness
    /// (keys carry stamps); tests use it to measure cold reads.
    /// </summary>
    internal static async Task ClearAsync(IServiceProvider services)
    {
        services.GetRequiredService<PlanViewCache>().Clear();
        services.GetRequiredService<ChangeWatch>().Forget();
        await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, CancellationToken.None);
        if (services.GetRequiredService<CacheTagHelperMemoryCacheFactory>().Cache is Microsoft.Extensions.Caching.Memory.MemoryCache fragments)
            fragments.Compact(1.0);
    }
}

/// <summary>
/// Whole responses for anonymous readers of approved plans: the plan pages (map, scorecard, evaluation, theme and KPI
/// pages), the plan and its evaluation in the API, and the plan's open-data files. The key holds the plan's stamp, read
/// with one query per request (<see cref="PlanReader.HeadAsync"/>), and, for pages that also show other plans (theme
/// and KPI pages), the digest of every plan's stamp, so a response is never served after what it shows has
/// changed, whichever app instance changed it. The lists across plans (the home page, an organisation's page, a year's
/// summary, the open-data index) are kept under the digest and the organisations' key. Signed-in readers, drafts, errors and responses setting cookies are never
/// stored.
/// </summary>
internal sealed class AnonymousPlanReads : IOutputCachePolicy
{
    private sealed record Address(string Org, int Year, bool AcrossPlans);

    private static readonly HashSet<string> OpenDataFiles = new(StringComparer.Ordinal) { "scorecard.csv", "scorecard.json", "evaluation.csv", "evaluation.json" };

    private static Address? Parse(PathString path)
    {
        var s = (path.Value ?? "").Split('/');
        if (s.Length < 2 || s[0] != "") return null;
        static int? Year(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var y) ? y : null;
        // /orgs/{org}/{year}[/scorecard|/evaluation|/kpis/{code}|/themes/{code}]
        if (s[1] == "orgs" && s.Length >= 4 && Year(s[3]) is { } year)
            return (s.Length, s.Length > 4 ? s[4] : null) switch
            {
                (4, _) => new Address(s[2], year, false),
                (5, "scorecard" or "evaluation") => new Address(s[2], year, false),
                (6, "kpis" or "themes") when s[5].Length > 0 => new Address(s[2], year, true),
                _ => null,
            };
        // /api/orgs/{org}/plans/{year}[/evaluation]
        if (s.Length is 6 or 7 && s[1] == "api" && s[2] == "orgs" && s[4] == "plans" && Year(s[5]) is { } apiYear
            && (s.Length == 6 || s[6] == "evaluation"))
            return new Address(s[3], apiYear, false);
        // /open-data/{org}/{year}/{file}
        if (s.Length == 5 && s[1] == "open-data" && Year(s[3]) is { } fileYear && OpenDataFiles.Contains(s[4]))
            return new Address(s[2], fileYear, false);
        return null;
    }

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))) return;
        if (http.User.Identity?.IsAuthenticated == true || http.Request.Headers.Authorization.Count > 0) return;
        var reader = http.RequestServices.GetRequiredService<PlanReader>();
        // The home page, an organisation's page (Features/Home), a year's summary of every organisation (page and API)
        // and the open-data index list organisations and their plans: under the plans' digest and the organisations'
        // key, the two sums those pages read anyway.
        if (AcrossOrganisations(http.Request.Path))
        {
            Store(context);
            context.CacheVaryByRules.VaryByValues["digest"] = (await reader.DigestAsync(cancellation)).ToString(CultureInfo.InvariantCulture);
            context.CacheVaryByRules.VaryByValues["organisations"] = (await reader.OrganisationsKeyAsync(cancellation)).ToString(CultureInfo.InvariantCulture);
            return;
        }
        if (Parse(http.Request.Path) is not { } address) return;
        if (await reader.HeadAsync(address.Org, address.Year, cancellation, withDigest: address.AcrossPlans) is not { Status: PlanStatus.Approved, Stamp: not 0 } head) return;

        Store(context);
        context.CacheVaryByRules.VaryByValues["stamp"] = head.Stamp.ToString(CultureInfo.InvariantCulture);
        if (address.AcrossPlans)
            context.CacheVaryByRules.VaryByValues["digest"] = (await reader.DigestAsync(cancellation)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Addresses whose response depends on every plan an anonymous reader may see and on the organisations, nothing else:
    /// <c>/</c>, <c>/orgs/{org}</c>, <c>/evaluations/{year}</c>, <c>/api/evaluations/{year}</c>, <c>/open-data/index.json</c>.
    /// </summary>
    internal static bool AcrossOrganisations(PathString path) => (path.Value ?? "").Split('/') switch
    {
        ["", ""] => true,
        ["", "orgs", { Length: > 0 } org] => org != "new",
        ["", "evaluations", var year] => IsYear(year),
        ["", "api", "evaluations", var year] => IsYear(year),
        ["", "open-data", "index.json"] => true,
        _ => false,
    };

    private static bool IsYear(string text) => text.Length > 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    private static void Store(OutputCacheContext context)
    {
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.Tags.Add(ReadModelSetup.Tag);
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["culture"] = CultureInfo.CurrentUICulture.Name;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}
