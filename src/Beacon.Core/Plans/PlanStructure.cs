using Beacon.Core.Codes;

namespace Beacon.Core.Plans;

/// <summary>What an objective's code says about where it sits in its plan.</summary>
public static class PlanStructure
{
    /// <summary>
    /// The perspective of an objective: the one whose printed letter its code carries (T on the Labor 2018 map), else
    /// the one whose standard letter it carries (C, P, L, F). Null for a code that names neither.
    /// </summary>
    public static PerspectiveDoc? PerspectiveOf(this PlanDocument plan, string objectiveCode)
    {
        if (!ObjectiveCode.TryParse(objectiveCode, out var code)) return null;
        return plan.Perspectives.FirstOrDefault(p => p.Code.Length > 0 && p.Code[0] == code.Perspective)
            ?? plan.Perspectives.FirstOrDefault(p => p.Kind.StandardLetter() == code.Perspective);
    }

    /// <summary>The theme of an objective, by its letter; null for an objective shared by every theme (TC1 …).</summary>
    public static ThemeDoc? ThemeOf(this PlanDocument plan, string objectiveCode) =>
        ObjectiveCode.TryParse(objectiveCode, out var code) && !code.IsShared
            ? plan.Themes.FirstOrDefault(t => t.Code.Length == 1 && t.Code[0] == code.Theme)
            : null;
}
