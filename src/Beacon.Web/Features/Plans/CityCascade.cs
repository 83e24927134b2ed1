using System.Security.Claims;
using Beacon.Core.Codes;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Plans;

public sealed record KpiReference(string Org, string OrgName, int Year, string Code, string Name)
{
    public string Url => $"/orgs/{Uri.EscapeDataString(Org)}/{Year}/kpis/{Code}";
}

/// <summary>A city objective that a bureau objective or KPI carries.</summary>
public sealed record CityObjectiveReference(string Org, string OrgName, int Year, string Code, string Name, string? ThemeCode)
{
    /// <summary>Where the objective is shown: in its theme's report, or on the map for one shared by every theme (TC1 …).</summary>
    public string Url => ThemeCode is null
        ? $"/orgs/{Uri.EscapeDataString(Org)}/{Year}#{Code}"
        : $"/orgs/{Uri.EscapeDataString(Org)}/{Year}/themes/{ThemeCode}#{Code}";
}

/// <summary>A city theme that a bureau theme carries, from the city plan of <see cref="Year"/>.</summary>
public sealed record CityThemeReference(string Org, string OrgName, int Year, string Code, string Name)
{
    public string Url => $"/orgs/{Uri.EscapeDataString(Org)}/{Year}/themes/{Code}";
}

/// <summary>
/// The cascade from a bureau plan up to its city's plan (府級): the city KPIs, objectives and themes that bureau codes
/// name, and back down. The city is the organisation's own (its nearest ancestor of kind city), only plans the reader
/// may see are looked at, and each look-up is one query whatever the plan's size.
/// </summary>
public static class CityCascade
{
    /// <summary>City → agency → centre: how deep the organisations under a city go.</summary>
    private const int MaxDepth = 4;

    /// <summary>The city (府) an organisation belongs to: itself when it is one, else its nearest ancestor that is.</summary>
    public static async Task<Organisation?> CityOfAsync(BeaconDb db, Organisation organisation, CancellationToken ct)
    {
        var current = organisation;
        for (var depth = 0; current is not null && depth < MaxDepth; depth++)
        {
            if (current.Kind == OrganisationKind.City) return current;
            current = current.Parent ?? (current.ParentId is { } parent
                ? await db.Organisations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == parent, ct)
                : null);
        }
        return null;
    }

    private static IQueryable<Plan> CityPlans(BeaconDb db, ClaimsPrincipal user, Organisation city) =>
        db.Plans.VisibleTo(user).Where(p => p.OrganisationId == city.Id);

    /// <summary>The city KPI of that code in the city's plan of the same year, when the dataset has it.</summary>
    public static Task<KpiReference?> KpiAsync(BeaconDb db, ClaimsPrincipal user, Organisation city, int year, string code, CancellationToken ct) =>
        (from p in CityPlans(db, user, city).Where(p => p.Year == year)
         join o in db.Objectives on p.Id equals o.PlanId
         join k in db.Kpis on o.Id equals k.ObjectiveId
         where k.Code == code
         select new KpiReference(city.Code, city.Name, year, k.Code, k.Name)).FirstOrDefaultAsync(ct);

    /// <summary>The city objectives of these codes in the city's plan of the same year, by code.</summary>
    public static async Task<IReadOnlyDictionary<string, CityObjectiveReference>> ObjectivesAsync(
        BeaconDb db, ClaimsPrincipal user, Organisation city, int year, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return new Dictionary<string, CityObjectiveReference>();
        var found = await (from p in CityPlans(db, user, city).Where(p => p.Year == year)
                           join o in db.Objectives on p.Id equals o.PlanId
                           where wanted.Contains(o.Code)
                           select new CityObjectiveReference(city.Code, city.Name, year, o.Code, o.Name,
                               o.Theme == null ? null : o.Theme.Code)).ToListAsync(ct);
        return found.GroupBy(o => o.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The city themes of these letters, by letter: from the city's plan of the same year when the dataset has it, else
    /// from its nearest year's plan (the earlier one on a tie) so the theme still has its name.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, CityThemeReference>> ThemesAsync(
        BeaconDb db, ClaimsPrincipal user, Organisation city, int year, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return new Dictionary<string, CityThemeReference>();
        var found = await (from p in CityPlans(db, user, city)
                           join t in db.Themes on p.Id equals t.PlanId
                           where wanted.Contains(t.Code)
                           select new CityThemeReference(city.Code, city.Name, p.Year, t.Code, t.Name)).ToListAsync(ct);
        return found.GroupBy(t => t.Code, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.OrderBy(t => Math.Abs(t.Year - year)).ThenBy(t => t.Year).First(),
            StringComparer.Ordinal);
    }

    /// <summary>The city objective a city KPI code belongs to: DP5.1 → DP5.</summary>
    public static string? ObjectiveOf(string kpiCode) => KpiCode.TryParse(kpiCode, out var code) ? code.Objective.ToString() : null;

    /// <summary>
    /// Links for agency names as printed (社會局, 勞動局): an organisation whose name or short name matches, to its plan
    /// of that year when the reader may see one, else to the organisation's page (its plans and those beneath it: the home
    /// page may list only the upper levels) when it has any plan the reader may see. Names that match nothing are left out (shown as plain text).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> AgencyLinksAsync(
        BeaconDb db, ClaimsPrincipal user, int year, IEnumerable<string> names, CancellationToken ct)
    {
        var wanted = names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) return new Dictionary<string, string>();
        var visible = PlanQueries.VisibleStatuses(user);
        var orgs = await db.Organisations.AsNoTracking()
            .Where(o => wanted.Contains(o.Name) || (o.ShortName != null && wanted.Contains(o.ShortName)))
            .OrderBy(o => o.Code)
            .Select(o => new
            {
                o.Code, o.Name, o.ShortName,
                SameYear = o.Plans.Any(p => p.Year == year && visible.Contains(p.Status)),
                AnyYear = o.Plans.Any(p => visible.Contains(p.Status)),
            })
            .ToListAsync(ct);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var o in orgs.Where(o => o.AnyYear))
        {
            var url = o.SameYear ? $"/orgs/{Uri.EscapeDataString(o.Code)}/{year}" : OrganisationPage(o.Code);
            foreach (var name in new[] { o.Name, o.ShortName })
                if (name is not null && wanted.Contains(name)) links.TryAdd(name, url);
        }
        return links;
    }

    /// <summary>An organisation's own page: its plans and the organisations beneath it (Features/Home/Organisation).</summary>
    public static string OrganisationPage(string organisationCode) => "/orgs/" + Uri.EscapeDataString(organisationCode);

    /// <summary>The id of an organisation's entry in a list of organisations (the home page, an organisation's page).</summary>
    public static string HomeAnchor(string organisationCode) => "org-" + organisationCode;
}
