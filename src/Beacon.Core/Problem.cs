namespace Beacon.Core;

/// <summary>
/// Something wrong with input, said where (a JSON path such as <c>$.objectives[2].kpis[0].code</c>, or a field
/// name) and what, in Traditional Chinese (the interface default) and English. A problem of a write also says
/// what kind of refusal it is (<see cref="Kind"/>) and, for an entry, where it is as data (<see cref="Place"/>:
/// KPI code, field, period), so a form puts it beside its field without reading the path.
/// </summary>
public sealed record Problem(string Path, string Message, string MessageEn)
{
    public ProblemKind Kind { get; init; }

    /// <summary>The KPI, block, field and period the problem is about, for entries; null for other input.</summary>
    public EntryPlace? Place { get; init; }

    /// <summary>The element of a plan and its field the problem is about, for plan edits (Authoring); null for other input.</summary>
    public Authoring.PlanPlace? Element { get; init; }
    /// <summary>The field of a year's evaluation settings (評核設定) the problem is about; null for other input.</summary>
    public Evaluation.SettingsField? Setting { get; init; }

    /// <summary>The milestone of the evaluation calendar and its field (date or note) the problem is about; null for other input.</summary>
    public Calendar.MilestonePlace? Milestone { get; init; }

    public string MessageFor(bool english) => english ? MessageEn : Message;

    /// <summary>A problem at an entry's field; its path is the place's wire path (<c>kpis[AC1.1].actual.value</c>).</summary>
    public static Problem At(EntryPlace place, string zh, string en, ProblemKind kind = ProblemKind.Invalid) =>
        new(place.Path, zh, en) { Place = place, Kind = kind };

    public override string ToString() => $"{Path}: {Message} ({MessageEn})";
}

/// <summary>
/// What kind of refusal a problem is. The web answers each kind with one HTTP status (Features/Shared/WriteAnswer):
/// invalid 400, forbidden 403, unknown 404, version required 428, stale, locked and conflict 409.
/// </summary>
public enum ProblemKind
{
    /// <summary>The input breaks a rule: fix it and send it again.</summary>
    Invalid,
    /// <summary>This person may not make this change.</summary>
    Forbidden,
    /// <summary>The write names something that does not exist (a KPI code the plan lacks).</summary>
    Unknown,
    /// <summary>The write does not say which version it is based on.</summary>
    VersionRequired,
    /// <summary>Someone else changed the record since it was read.</summary>
    Stale,
    /// <summary>The plan's status does not allow the change now.</summary>
    Locked,
    /// <summary>What the write would create exists already (a plan of that year, an organisation of that code).</summary>
    Conflict,
}

/// <summary>The parts of a KPI's entry a problem can be about.</summary>
public enum EntryBlock { None, Actual, Progress, Self, Review }

/// <summary>A field of an entry.</summary>
public enum EntryField
{
    /// <summary>The block (or the KPI) as a whole.</summary>
    None,
    Value, MissingReason, Period, Inputs,
    /// <summary>A formula input by its name (<see cref="EntryPlace.Key"/>): one that is missing, or one the formula does not have.</summary>
    Input,
    /// <summary>The number given for a formula input (<see cref="EntryPlace.Key"/>: its name).</summary>
    InputValue,
    Parts, Part, Values,
    Innovation, Challenge, Contribution, Met, Explanation, Comment, Light, Version,
}

/// <summary>
/// Where an entry problem is, as data: the KPI, the block, the field, the progress period and the key of an input
/// (its name) or a part (its index). <see cref="Path"/> is the same place as the API has always named it.
/// </summary>
public sealed record EntryPlace(string? Kpi, EntryBlock Block = EntryBlock.None, EntryField Field = EntryField.None, string? Period = null, string? Key = null)
{
    /// <summary>The wire path: <c>kpis[AC3.1].progress.values[Q1].value</c>, <c>kpis[AC1.1].actual.inputs[通報件數]</c>, <c>kpis</c>.</summary>
    public string Path
    {
        get
        {
            if (Kpi is null) return "kpis";
            var path = $"kpis[{Kpi}]";
            if (Block == EntryBlock.None) return path;
            // A progress value is an actual keyed by its period; the version of the whole block has no period.
            path += Block switch
            {
                EntryBlock.Progress when Period is not null && Field != EntryField.Version => $".progress.values[{Period}]",
                EntryBlock.Progress => ".progress",
                EntryBlock.Actual => ".actual",
                EntryBlock.Self => ".self",
                _ => ".review",
            };
            return Field switch
            {
                EntryField.None => path,
                EntryField.Input or EntryField.InputValue => $"{path}.inputs[{Key}]",
                EntryField.Part => $"{path}.parts[{Key}]",
                var f => $"{path}.{char.ToLowerInvariant(f.ToString()[0])}{f.ToString()[1..]}",
            };
        }
    }

    public EntryPlace With(EntryField field, string? key = null) => this with { Field = field, Key = key };
}

public static class Problems
{
    /// <summary>Builds a problem from a "中文|English" pair, the form the core's rule messages take.</summary>
    public static Problem At(string path, string pair)
    {
        var bar = pair.IndexOf('|');
        return bar < 0 ? new Problem(path, pair, pair) : new Problem(path, pair[..bar], pair[(bar + 1)..]);
    }

    /// <summary>Builds a problem at an entry's place from a "中文|English" pair.</summary>
    public static Problem At(EntryPlace place, string pair) => At(place.Path, pair) with { Place = place };
}
