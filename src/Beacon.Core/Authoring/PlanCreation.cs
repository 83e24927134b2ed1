using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>What starting a plan decided: the problems, or the new plan's document (a draft, created as an import creates one).</summary>
public sealed record CreationDecision(IReadOnlyList<Problem> Problems, PlanDocument? Plan)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Starting a plan of a new year: who may (planners, and the organisation's editors not bound to divisions — those who
/// may import its plans), the year (a year the organisation has already is a 409), and what it starts from: nothing (the
/// four standard perspectives), another year carried forward (<see cref="CarryForward"/>), or for a bureau the city plan
/// of the same year (<see cref="CityStart"/>).
/// </summary>
public static class PlanCreation
{
    /// <param name="organisation">The organisation as stored.</param>
    /// <param name="years">The years the organisation has a plan of.</param>
    /// <param name="source">The plan of year <see cref="NewPlanRequest.From"/>, when it exists.</param>
    /// <param name="city">The city plan of the new year, when it exists and the request starts from it.</param>
    public static CreationDecision Check(Workflow.Actor actor, OrganisationDoc organisation, IReadOnlyCollection<int> years, NewPlanRequest request,
        PlanDocument? source, PlanDocument? city)
    {
        var place = new PlanPlace(ElementKind.Plan, null);
        if (!actor.CanImportFor(organisation.Code))
            return Refused(place.Says($"只有研考會（規劃人員）與 {organisation.Code} 未限定科室的編輯人員可以新增它的年度計畫",
                $"Only planners and {organisation.Code}'s editors not bound to divisions may start its plans.", ProblemKind.Forbidden));
        if (request.Year is not { } year)
            return Refused(place.At("year").Says("請填寫計畫年度（西元年，例如 2023）", "Give the plan's year (Gregorian, e.g. 2023)."));
        if (year is < PlanValidator.MinYear or > PlanValidator.MaxYear)
            return Refused(place.At("year").Says($"年度 {year} 不在 {PlanValidator.MinYear}–{PlanValidator.MaxYear} 之間（請用西元年，例如民國112年寫 2023）",
                $"The year {year} is outside {PlanValidator.MinYear}–{PlanValidator.MaxYear} (use Gregorian years: ROC 112 is 2023)."));
        if (years.Contains(year))
            return Refused(place.At("year").Says($"{organisation.Code} 已有{RocYear.InMessage(year)}（{year}）的計畫", $"{organisation.Code} already has a plan for {year}.", ProblemKind.Conflict));
        if (request.From is not null && request.City is not null)
            return Refused(place.At("city").Says("請擇一：由其他年度延續（from），或由府級計畫開始（city）", "Choose one: carry another year forward (from), or start from the city plan (city)."));

        PlanDocument plan;
        if (request.From is { } from)
        {
            if (from == year) return Refused(place.At("from").Says("延續的年度須與新計畫不同", "The year carried forward must be another year."));
            if (source is null)
                return Refused(place.At("from").Says($"{organisation.Code} 沒有{RocYear.InMessage(from)}（{from}）的計畫可以延續", $"{organisation.Code} has no plan for {from} to carry forward."));
            plan = CarryForward.Of(source, year) with { Organisation = organisation };
        }
        else if (request.City is { } choice)
        {
            if (organisation.Kind == OrganisationKind.City)
                return Refused(place.At("city").Says("府級計畫不由府級計畫開始：請由其他年度延續或從空白開始", "A city plan does not start from the city plan: carry a year forward or start empty."));
            if (city is null)
                return Refused(place.At("city").Says($"沒有{RocYear.InMessage(year)}的府級計畫可以承接", $"There is no city plan for {year} to start from."));
            var (started, problems) = CityStart.Of(city, organisation, year, choice);
            if (started is null) return new CreationDecision(problems, null);
            plan = started;
        }
        else plan = Empty(organisation, year);

        var invalid = PlanValidator.Validate(plan);
        return invalid.Count > 0 ? new CreationDecision(invalid, null) : new CreationDecision([], plan);
    }

    /// <summary>An empty plan: the four perspectives of the balanced scorecard, top to bottom, and nothing else yet.</summary>
    public static PlanDocument Empty(OrganisationDoc organisation, int year) => new()
    {
        Format = PlanDocument.FormatName,
        FormatVersion = PlanDocument.CurrentVersion,
        Organisation = organisation,
        Year = year,
        Perspectives = [.. Enum.GetValues<PerspectiveKind>().Select(k => new PerspectiveDoc { Code = k.StandardLetter().ToString(), Kind = k, Name = k.StandardName() })],
    };

    private static CreationDecision Refused(Problem problem) => new([problem], null);
}
