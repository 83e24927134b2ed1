using System.Security.Claims;
using Beacon.Core.Cascade;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Workflow;

namespace Beacon.Web.Features.Cascade;

/// <summary>A roll-up: the statistics line over the carrying KPIs, self and reviewed.</summary>
public sealed record RollUpDto(StatisticsDto Self, StatisticsDto Reviewed)
{
    public static RollUpDto Of(RollUp r) => new(Dto(r.Self), Dto(r.Reviewed));

    private static StatisticsDto Dto(EvaluationStatistics s) => new(s.Group, s.Kpis, s.Achieved, s.NotAchieved, s.NoData, s.Lights, s.Exempt);
}

/// <summary>A carrying bureau KPI: achievement (one decimal) and lights of the year, and its action plans.</summary>
public sealed record CarryingKpiDto(
    string Organisation, string Objective, string Code, string Name, string? CityKpi,
    decimal? Achievement, bool? Achieved, Light SelfLight, Light? ReviewedLight, IReadOnlyList<ActionPlanItem> ActionPlans);

public sealed record CarryingObjectiveDto(string Organisation, string OrganisationName, string Code, string Name, bool Whole, RollUpDto RollUp, IReadOnlyList<CarryingKpiDto> Kpis);

public sealed record CarryingThemeDto(string Organisation, string OrganisationName, string Code, string Name, RollUpDto RollUp, IReadOnlyList<string> Kpis);

/// <summary>A city KPI and the bureau KPIs naming it (organisation and code).</summary>
public sealed record CityKpiDto(string Code, string Name, RollUpDto RollUp, IReadOnlyList<KpiKeyDto> CarriedBy);

public sealed record KpiKeyDto(string Organisation, string Code);

public sealed record CityObjectiveDto(string Code, string Name, PerspectiveKind Perspective, RollUpDto RollUp, IReadOnlyList<CityKpiDto> Kpis, IReadOnlyList<CarryingObjectiveDto> CarriedBy);

public sealed record CityThemeDto(string Code, string Name, string? Lead, IReadOnlyList<string> Members, RollUpDto RollUp,
    IReadOnlyList<CarryingThemeDto> CarriedByThemes, IReadOnlyList<CityObjectiveDto> Objectives);

/// <summary>
/// The cascade of a city year. <c>Shared</c>: the objectives shared by every theme (code T). <c>CityListsKpis</c> false:
/// the city plan lists no KPI (a map only), so <c>Gaps.MissingCityKpis</c> could not be checked against city KPIs.
/// </summary>
public sealed record CascadeDto(
    string Organisation, int Year, int BureauPlans, bool CityListsKpis, RollUpDto Total,
    IReadOnlyList<CityThemeDto> Themes, CityThemeDto? Shared, AlignmentGaps Gaps, IReadOnlyList<ThemeMembership> Membership);

/// <summary>GET …/cascade: who carries what of a city year, the roll-ups, the alignment gaps and the theme membership.</summary>
public static class CascadeApi
{
    public static IEndpointRouteBuilder MapCascadeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orgs/{org}/plans/{year:int}/cascade", async Task<IResult> (string org, int year, BeaconDb db, PlanReader reader, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var plan = (await reader.ViewAsync(org, year, user, ct))?.Plan;
            if (plan is null)
                return WriteAnswer.NotFound($"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");
            if (plan.Organisation.Kind != OrganisationKind.City)
                return WriteAnswer.Bilingual(StatusCodes.Status400BadRequest, $"串接只適用於府級計畫：{org} 不是府級機關", $"the cascade is for a city plan: {org} is not a city");
            return Results.Ok(ToDto(await CascadeLoader.LoadAsync(db, user, plan, ct, organisations: true)));
        }).WithTags("Plans")
          .WithSummary("The cascade of a city plan's year (Gregorian): each city theme and objective with the bureau objectives, KPIs and action plans "
              + "that carry it in plans the reader may see, a roll-up at each level (KPIs achieved / not achieved / no data, lights self and reviewed, "
              + "each KPI once), the alignment gaps and the theme membership. 400 for a plan that is not a city's; 404 for one that does not exist or "
              + "that the reader may not see.")
          .Produces<CascadeDto>()
          .ProducesProblem(StatusCodes.Status400BadRequest)
          .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static CascadeDto ToDto(CityCascadeTree tree)
    {
        static CarryingKpiDto Kpi(CarryingKpi k) => new(k.Bureau.Code, k.ObjectiveCode, k.Code, k.Name, k.CityKpi,
            Rounding.OneDecimal(k.Evaluation.Achievement.Rate), k.Evaluation.Achievement.Achieved, k.Evaluation.SelfLight, k.Evaluation.ReviewLight, k.ActionPlans);
        static CityObjectiveDto Objective(CityObjectiveNode o) => new(o.Code, o.Name, o.Perspective, RollUpDto.Of(o.RollUp),
            [.. o.Kpis.Select(k => new CityKpiDto(k.Code, k.Name, RollUpDto.Of(k.RollUp), [.. k.CarriedBy.Select(c => new KpiKeyDto(c.Bureau.Code, c.Code))]))],
            [.. o.CarriedBy.Select(c => new CarryingObjectiveDto(c.Bureau.Code, c.Bureau.Name, c.Code, c.Name, c.Whole, RollUpDto.Of(c.RollUp), [.. c.Kpis.Select(Kpi)]))]);
        static CityThemeDto Theme(CityThemeNode t) => new(t.Code, t.Name, t.Lead, t.Members, RollUpDto.Of(t.RollUp),
            [.. t.CarriedByThemes.Select(c => new CarryingThemeDto(c.Bureau.Code, c.Bureau.Name, c.Code, c.Name, RollUpDto.Of(c.RollUp), [.. c.Kpis.Select(k => k.Code)]))],
            [.. t.Objectives.Select(Objective)]);
        return new CascadeDto(tree.City, tree.Year, tree.BureauPlans, tree.CityListsKpis, RollUpDto.Of(tree.Total),
            [.. tree.Themes.Select(Theme)], tree.Shared is null ? null : Theme(tree.Shared), tree.Gaps, tree.Membership);
    }
}
