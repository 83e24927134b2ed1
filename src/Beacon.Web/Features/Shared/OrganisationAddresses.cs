using Beacon.Core.Plans;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// Organisation codes in addresses are read in any case: /orgs/tpe/2021, /api/orgs/tpe-dvpc/plans and
/// /open-data/tpe/2021/… address the same plan as their capitalised form (codes are stored in capitals), so every
/// page and endpoint sees the stored code.
/// </summary>
public static class OrganisationAddresses
{
    private static readonly string[] Prefixes = ["/orgs/", "/api/orgs/", "/open-data/"];

    public static IApplicationBuilder UseOrganisationCodesInAnyCase(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path.Value ?? "";
        foreach (var prefix in Prefixes)
        {
            if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var end = path.IndexOf('/', prefix.Length);
            var segment = end < 0 ? path[prefix.Length..] : path[prefix.Length..end];
            // Only a segment that is a code written in small letters (not index.json, not a code as stored).
            if (segment.Any(char.IsAsciiLetterLower) && !segment.Contains('.') && PlanValidator.CanonicalOrganisationCode(segment) is { } code)
                context.Request.Path = prefix + code + (end < 0 ? "" : path[end..]);
            break;
        }
        await next(context);
    });
}
