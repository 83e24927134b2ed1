using Beacon.Core.Maps;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Features.Plans;

/// <summary>One workflow step as the plan page shows it; <see cref="Who"/> is null for a reader who may not see staff names.</summary>
public sealed record PlanStepRow(DateTimeOffset At, string Action, PlanStatus From, PlanStatus To, string? Comment, string? Who);

public sealed class MapModel(BeaconDb db) : PlanPage(db)
{
    private MapLayout? layout;

    /// <summary>Laid out when first shown: not at all when the map is served from the shared rendering.</summary>
    public MapLayout Layout => layout ??= LayOut(Plan);
    public int KpiCount { get; private set; }
    public int ActionPlanCount { get; private set; }
    /// <summary>The plan's workflow history, oldest first (the plan page shows the state and its history).</summary>
    public IReadOnlyList<PlanStepRow> Steps { get; private set; } = [];
    public bool ShowsWho { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return Page();
        ViewData["Title"] = $"{Ui.YearShort(Plan.Year)}{(Ui.English ? " " : "")}{Ui.T("plan.map")}";
        ViewData["Tab"] = "map";
        Breadcrumbs();
        KpiCount = Plan.Objectives.Sum(o => o.Kpis.Count);
        ActionPlanCount = Plan.Objectives.Sum(o => o.Kpis.Sum(k => k.ActionPlans.Count));
        // Staff names and e-mail addresses are for signed-in readers; others see the step, its date and comment.
        ShowsWho = User.CanReadDrafts();
        Steps = [.. View!.Steps.Select(s => new PlanStepRow(s.At, s.Action, s.From, s.To, s.Comment, ShowsWho ? s.UserName : null))];
        return Page();
    }

    /// <summary>The map of a plan laid out as the page and the map documents draw it.</summary>
    public static MapLayout LayOut(Plan plan)
    {
            var header = new List<(string, string)>();
            if (plan.Mission is { } mission) header.Add((Ui.T("plan.mission"), mission));
            if (plan.Vision is { } vision) header.Add((Ui.T("plan.vision"), vision));
            if (plan.CoreValues.Count > 0) header.Add((Ui.T("plan.values"), string.Join(Ui.English ? ", " : "、", plan.CoreValues)));
            var carriesCity = plan.Themes.Where(t => t.CityTheme is not null).Select(t => t.Code)
                .Concat(plan.Objectives.Where(o => o.CityObjective is not null).Select(o => o.Code))
                .ToHashSet(StringComparer.Ordinal);
            return StrategyMapLayout.Lay(new MapInput(
                [.. plan.Perspectives.Select(p => (p.Code, Ui.Perspective(p.Kind, p.Name)))],
                [.. plan.Themes.Select(t => (t.Code, t.Name))],
                [.. plan.Objectives.Select(o => (o.Code, o.Name, o.Perspective.Code))],
                [.. plan.Links.Select(l => (l.FromCode, l.ToCode))],
                header,
                Ui.T("plan.themeRow"),
                carriesCity,
                Ui.T("map.cityMark")));
    }

    /// <summary>The map as SVG, for the page (relative links, site.css styles) or a file (absolute links, own styles).</summary>
    public static string Svg(Plan plan, MapLayout layout, string planUrl, bool standalone, bool picking = false) =>
        Documents.MapSvg.Write(layout, $"{plan.Organisation.Name} {Ui.Year(plan.Year)} {Ui.T("plan.map")}", plan.Themes.Count, planUrl, standalone, picking);

    /// <summary>A step's time in Taipei (UTC+8), the date in ROC years in Chinese: 110.10.07 14:30 / 2021-10-07 14:30.</summary>
    public static string When(DateTimeOffset at)
    {
        var taipei = at.ToOffset(TimeSpan.FromHours(8));
        var time = taipei.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return Ui.English
            ? $"{taipei.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} {time}"
            : $"{Beacon.Core.RocYear.FromGregorian(taipei.Year)}.{taipei.Month:00}.{taipei.Day:00} {time}";
    }
}
