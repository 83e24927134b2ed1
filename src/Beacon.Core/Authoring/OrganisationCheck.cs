using Beacon.Core.Plans;

namespace Beacon.Core.Authoring;

/// <summary>What an organisation write decided: the problems, or the organisation to store.</summary>
public sealed record OrganisationDecision(IReadOnlyList<Problem> Problems, OrganisationDoc? Organisation)
{
    public bool Accepted => Problems.Count == 0;
}

/// <summary>
/// Adding an organisation and changing its names, kind or parent: planners' acts (研考會). A code is capital letters,
/// digits and "-" (TPE-SWD) and never changes; the name is required; the parent must exist and not be the organisation
/// itself or one beneath it. A name changed here shows in the plans' versions approved after it: a published version
/// keeps the names it was approved with.
/// </summary>
public static class OrganisationCheck
{
    /// <param name="parents">Every organisation's code and its parent's code.</param>
    public static OrganisationDecision Add(Workflow.Actor actor, OrganisationEdit edit, IReadOnlyDictionary<string, string?> parents)
    {
        var place = new PlanPlace(ElementKind.Organisation, edit.Code);
        if (!actor.CanManageOrganisations)
            return Refused(place.Says("只有研考會（規劃人員）可以新增機關", "Only planners may add organisations.", ProblemKind.Forbidden));
        var code = edit.Code?.Trim() ?? "";
        if (code.Length == 0 || PlanValidator.CanonicalOrganisationCode(code) != code)
            return Refused(place.At("code").Says($"機關代碼「{code}」格式不符：大寫英文字母、數字與「-」，例如 TPE-SWD",
                $"The organisation code '{code}' is malformed: capital letters, digits and '-', e.g. TPE-SWD."));
        if (parents.ContainsKey(code))
            return Refused(place.At("code").Says($"機關代碼「{code}」已有機關使用", $"The code {code} is already an organisation's.", ProblemKind.Conflict));
        return Decide(place, code, edit, parents);
    }

    public static OrganisationDecision Change(Workflow.Actor actor, OrganisationDoc current, int version, OrganisationEdit edit, IReadOnlyDictionary<string, string?> parents)
    {
        var place = new PlanPlace(ElementKind.Organisation, current.Code);
        if (!actor.CanManageOrganisations)
            return Refused(place.Says("只有研考會（規劃人員）可以變更機關名稱與隸屬", "Only planners may rename organisations or change where they belong.", ProblemKind.Forbidden));
        if (edit.Code is { } code && code.Trim() != current.Code)
            return Refused(place.At("code").Says($"機關代碼不能變更（{current.Code}）", $"An organisation's code does not change ({current.Code})."));
        if (edit.Version is null)
            return Refused(place.At("version").Says($"請附上機關目前的版本（version）：以 GET /api/orgs/{current.Code} 讀取",
                $"Send the organisation's current version: read it with GET /api/orgs/{current.Code}.", ProblemKind.VersionRequired));
        var decision = Decide(place, current.Code, edit, parents);
        if (edit.Version != version)
            return new OrganisationDecision([.. decision.Problems, place.At("version").Says(
                $"機關資料已被他人更新（版本 {version}：「{current.Name}」），你的修改未儲存；請重新載入",
                $"The organisation was changed by someone else (version {version}: {current.Name}); your change was not saved, reload it.", ProblemKind.Stale)], null);
        return decision;
    }

    private static OrganisationDecision Decide(PlanPlace place, string code, OrganisationEdit edit, IReadOnlyDictionary<string, string?> parents)
    {
        var problems = new List<Problem>();
        void Name(string field, string? text, bool required)
        {
            if (required && string.IsNullOrWhiteSpace(text)) problems.Add(place.At(field).Says("請填寫機關名稱", "Enter the organisation's name."));
            else if (text is { Length: > PlanEditCheck.MaxNameLength })
                problems.Add(place.At(field).Says($"太長（{text.Length} 字，最多 {PlanEditCheck.MaxNameLength} 字）", $"Too long ({text.Length} characters, {PlanEditCheck.MaxNameLength} at most)."));
        }
        Name("name", edit.Name, required: true);
        Name("shortName", edit.ShortName, required: false);
        Name("nameEn", edit.NameEn, required: false);
        if (edit.Kind is null) problems.Add(place.At("kind").Says("請選擇機關層級（府級、局處或科室）", "Choose the kind of organisation (city, agency or division)."));
        var parent = string.IsNullOrWhiteSpace(edit.Parent) ? null : edit.Parent.Trim();
        if (parent is not null)
        {
            if (!parents.ContainsKey(parent))
                problems.Add(place.At("parent").Says($"沒有機關「{parent}」", $"There is no organisation {parent}."));
            else
            {
                // The parent, its parent … must never come back to this organisation.
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var at = parent; at is not null && seen.Add(at); at = parents.GetValueOrDefault(at))
                    if (at == code)
                    {
                        problems.Add(place.At("parent").Says($"上級機關不能是 {code} 自己或其下級機關", $"The parent cannot be {code} itself or one beneath it."));
                        break;
                    }
            }
        }
        if (problems.Count > 0) return new OrganisationDecision(problems, null);
        return new OrganisationDecision([], new OrganisationDoc
        {
            Code = code, Name = edit.Name!.Trim(), ShortName = Blank(edit.ShortName), NameEn = Blank(edit.NameEn), Kind = edit.Kind!.Value, Parent = parent,
        });
    }

    private static OrganisationDecision Refused(Problem problem) => new([problem], null);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
