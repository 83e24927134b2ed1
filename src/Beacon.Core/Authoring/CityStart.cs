using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>
/// A bureau plan started from the city plan of the same year (府級 → 局級): the city's perspectives, the chosen city
/// themes as the bureau's own themes lettered A, B, C … in the city's order, each carrying its city theme (printed
/// "(府)"), and the chosen city objectives under them, numbered per theme and perspective and each carrying its city
/// objective, with their KSFs and the links between them. An objective chosen without its theme brings the theme along;
/// an objective shared by every city theme (TC1 …) stays shared. KPIs are the bureau's own and start empty.
/// </summary>
public static class CityStart
{
    public static (PlanDocument? Plan, IReadOnlyList<Problem> Problems) Of(PlanDocument city, OrganisationDoc organisation, int year, CityChoice choice)
    {
        var problems = new List<Problem>();
        var place = new PlanPlace(ElementKind.Plan, null);
        for (var i = 0; i < choice.Themes.Count; i++)
            if (city.Themes.All(t => t.Code != choice.Themes[i]))
                problems.Add(place.At($"city.themes[{i}]").Says($"{RocYear.InMessage(city.Year)}府級計畫沒有策略主題「{choice.Themes[i]}」", $"The city plan of {city.Year} has no theme {choice.Themes[i]}."));
        for (var i = 0; i < choice.Objectives.Count; i++)
            if (city.Objectives.All(o => o.Code != choice.Objectives[i]))
                problems.Add(place.At($"city.objectives[{i}]").Says($"{RocYear.InMessage(city.Year)}府級計畫沒有策略目標「{choice.Objectives[i]}」", $"The city plan of {city.Year} has no objective {choice.Objectives[i]}."));
        if (choice.Themes.Count == 0 && choice.Objectives.Count == 0)
            problems.Add(place.At("city").Says("請選擇要承接的府級策略主題或策略目標", "Choose the city themes or objectives the plan carries."));
        if (problems.Count > 0) return (null, problems);

        var chosenObjectives = city.Objectives.Where(o => choice.Objectives.Contains(o.Code)).ToList();
        var chosenThemes = city.Themes.Where(t => choice.Themes.Contains(t.Code)
            || chosenObjectives.Any(o => ObjectiveCode.TryParse(o.Code, out var c) && !c.IsShared && c.Theme.ToString() == t.Code)).ToList();
        var letters = new Dictionary<string, string>(StringComparer.Ordinal);
        var next = 'A';
        foreach (var theme in chosenThemes)
        {
            if (next == ObjectiveCode.SharedTheme) next++;
            letters[theme.Code] = (next++).ToString();
        }
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var o in chosenObjectives)
        {
            ObjectiveCode.TryParse(o.Code, out var c);
            if (c.IsShared) { codes[o.Code] = o.Code; continue; }
            var cell = letters[c.Theme.ToString()] + c.Perspective;
            numbers[cell] = numbers.GetValueOrDefault(cell) + 1;
            codes[o.Code] = cell + numbers[cell];
        }
        var plan = new PlanDocument
        {
            Format = PlanDocument.FormatName,
            FormatVersion = PlanDocument.CurrentVersion,
            Organisation = organisation,
            Year = year,
            Perspectives = [.. city.Perspectives],
            Themes = [.. chosenThemes.Select(t => new ThemeDoc { Code = letters[t.Code], Name = t.Name, CityTheme = t.Code })],
            Objectives = [.. chosenObjectives.Select(o => new ObjectiveDoc { Code = codes[o.Code], Name = o.Name, Ksf = o.Ksf, CityObjective = o.Code })],
            Links = [.. city.Links.Where(l => codes.ContainsKey(l.From) && codes.ContainsKey(l.To)).Select(l => new LinkDoc { From = codes[l.From], To = codes[l.To] })],
        };
        return (plan, []);
    }
}
