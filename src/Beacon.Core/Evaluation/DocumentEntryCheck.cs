using Beacon.Core.Formulas;
using Beacon.Core.Plans;
using Beacon.Core.Values;

namespace Beacon.Core.Evaluation;

/// <summary>
/// The evaluation data a plan document carries for one KPI — the plan year's actuals (year-end and by period, the
/// KPI's own or its parts'), the formula inputs, the self-assessment and the review — read as the entries they are
/// and checked by the entry rules (<see cref="KpiEntryCheck"/>), so that an import refuses what the entry forms and
/// the API refuse, with the same messages, each at its JSON path. What differs by nature (docs/interchange.md): a
/// document has no versions and its import is limited by the importer's own rules, not by the plan's status; its
/// values are printed, as the source documents print them, not typed; and a computed actual is written beside its
/// inputs, so it must be the one they compute.
/// </summary>
public static class DocumentEntryCheck
{
    /// <summary>Every problem of the KPI's evaluation data; <paramref name="kpath"/> is the KPI's JSON path ($.objectives[0].kpis[1]).</summary>
    public static IReadOnlyList<Problem> Check(string kpath, KpiDoc kpi, int year)
    {
        var view = View(kpi, year);
        var problems = new List<Problem>();
        void Add(IEnumerable<Problem> found, Func<EntryPlace, string> pathOf)
        {
            foreach (var p in found)
                if (!problems.Any(q => q.Path == pathOf(p.Place!) && q.Message == p.Message))
                    problems.Add(p with { Path = pathOf(p.Place!), Place = null });
        }

        // Inputs, by the year and period of the actual they compute; only those the document's form lets through
        // (the validator names a bad period, a blank name or an input given twice).
        var formulaReads = kpi.Expression is null || Formula.Parse(kpi.Expression).Formula is not null;
        var groups = (kpi.Inputs ?? []).Select((input, index) => (input, index))
            .Where(x => Periods.IsValid(x.input.Period) && !string.IsNullOrWhiteSpace(x.input.Name))
            .GroupBy(x => (x.input.Year, x.input.Period));
        var computedAt = new HashSet<(int, string?)>();
        foreach (var group in formulaReads ? groups : [])
        {
            var (y, period) = group.Key;
            var given = new Dictionary<string, decimal?>(StringComparer.Ordinal);
            var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (input, index) in group)
                if (given.TryAdd(input.Name, input.Value)) indexOf[input.Name] = index;
            var first = group.First().index;
            string InputPath(EntryPlace place) => place.Field switch
            {
                EntryField.Input when place.Key is { } name && indexOf.TryGetValue(name, out var i) => $"{kpath}.inputs[{i}].name",
                EntryField.InputValue when place.Key is { } name && indexOf.TryGetValue(name, out var i) => $"{kpath}.inputs[{i}].value",
                EntryField.Inputs => $"{kpath}.inputs",
                _ => $"{kpath}.inputs[{first}]",
            };
            var (change, found) = KpiEntryCheck.CheckActual(At(kpi, period), view, new ActualEntry(Inputs: given, Period: period));
            Add(found, InputPath);
            if (change?.Value is not { } computed) continue;
            computedAt.Add((y, period));
            // The document writes the computed actual beside its inputs, as the readable text or a rounder one.
            var at = kpi.Values.FindIndex(v => v.Kind == ValueKind.Actual && v.Year == y && v.Period == period);
            var shown = computed.Printed;
            if (at < 0)
                problems.Add(new Problem($"{kpath}.inputs[{first}]",
                    $"{kpi.Code} {RocYear.InMessage(y)}{PeriodZh(period)}的輸入值算出實際值 {shown}，文件卻沒有這個實際值（values）",
                    $"{kpi.Code}'s inputs of {y}{PeriodEn(period)} compute the actual {shown}, which the document does not carry (values)."));
            else if (!Agrees(ValueText.Parse(kpi.Values[at].Text), computed))
                problems.Add(new Problem($"{kpath}.values[{at}].text",
                    $"{kpi.Code} 的實際值「{kpi.Values[at].Text}」與輸入值算出的 {shown} 不符：公式計算的 KPI 由輸入值算出實際值",
                    $"{kpi.Code}'s actual '{kpi.Values[at].Text}' is not what its inputs compute ({shown}): a formula KPI's actual comes from its inputs."));
        }

        // The plan year's actuals of the KPI itself and of its parts, as printed.
        for (var i = 0; i < kpi.Values.Count; i++)
        {
            var v = kpi.Values[i];
            if (!IsEntry(v, year) || computedAt.Contains((v.Year, v.Period))) continue;
            var read = ValueText.Parse(v.Text);
            var entry = read.Form == ValueForm.Missing ? new ActualEntry(MissingReason: read.EnteredReason, Period: v.Period) : new ActualEntry(v.Text, Period: v.Period);
            var path = $"{kpath}.values[{i}].text";
            Add(KpiEntryCheck.CheckActual(At(kpi, v.Period), view, entry, printed: true).Problems, _ => path);
        }
        for (var p = 0; p < kpi.Parts.Count; p++)
            for (var j = 0; j < kpi.Parts[p].Values.Count; j++)
            {
                var v = kpi.Parts[p].Values[j];
                if (!IsEntry(v, year)) continue;
                var parts = kpi.Parts.Select((_, q) => q == p ? v.Text : null).ToList();
                var path = $"{kpath}.parts[{p}].values[{j}].text";
                Add(KpiEntryCheck.CheckActual(At(kpi, v.Period), view, new ActualEntry(Parts: parts, Period: v.Period), printed: true).Problems, _ => path);
            }

        if (kpi.Assessment?.Self is { } self)
            Add(KpiEntryCheck.CheckSelf(new EntryPlace(kpi.Code, EntryBlock.Self),
                new SelfEntry(self.Innovation, self.Challenge, self.Contribution, self.Met, self.Explanation)), place => Field($"{kpath}.assessment.self", place));
        if (kpi.Assessment?.Review is { } review)
            Add(KpiEntryCheck.CheckReview(new EntryPlace(kpi.Code, EntryBlock.Review), view,
                new ReviewEntry(review.Innovation, review.Challenge, review.Contribution, review.Light, review.Met, review.Comment)), place => Field($"{kpath}.assessment.review", place));
        return problems;
    }

    /// <summary>The KPI as the entry rules see it, for the plan year: the year-end actuals as the document prints them.</summary>
    private static KpiEntryView View(KpiDoc kpi, int year)
    {
        static ValueText? YearEnd(List<ValueDoc> values, int year) =>
            values.FirstOrDefault(v => v.Kind == ValueKind.Actual && v.Year == year && v.Period is null && !string.IsNullOrWhiteSpace(v.Text)) is { } v ? ValueText.Parse(v.Text) : null;
        return new KpiEntryView(kpi.Code, kpi.Unit, kpi.Direction, kpi.Exempt, kpi.Expression, [.. kpi.Parts.Select(p => p.Name)], kpi.Responsible,
            Version: 0, UpdatedAt: null, YearEnd(kpi.Values, year), [.. kpi.Parts.Select(p => YearEnd(p.Values, year))]);
    }

    /// <summary>An actual of the plan year, as an entry would give it (the validator names a blank text or a bad period).</summary>
    private static bool IsEntry(ValueDoc v, int year) =>
        v.Kind == ValueKind.Actual && v.Year == year && Periods.IsValid(v.Period) && !string.IsNullOrWhiteSpace(v.Text);

    private static EntryPlace At(KpiDoc kpi, string? period) =>
        new(kpi.Code, period is null ? EntryBlock.Actual : EntryBlock.Progress, Period: period);

    /// <summary>A computed actual as the document writes it: no value when the formula gives none, else its number to the digits shown.</summary>
    private static bool Agrees(ValueText written, ValueText computed)
    {
        if (computed.Number is not { } exact) return written.Form == ValueForm.Missing;
        return written is { Form: ValueForm.Number, Comparator: Comparator.None, Number: { } shown }
            && Math.Round(exact, Math.Min((int)shown.Scale, 28), MidpointRounding.AwayFromZero) == shown;
    }

    /// <summary>A self-assessment's or a review's field in the document: innovation, explanation, light …</summary>
    private static string Field(string block, EntryPlace place) =>
        place.Field == EntryField.None ? block : $"{block}.{char.ToLowerInvariant(place.Field.ToString()[0])}{place.Field.ToString()[1..]}";

    private static string PeriodZh(string? period) => period is null ? "" : Periods.Label(period, english: false);

    private static string PeriodEn(string? period) => period is null ? "" : " " + Periods.Label(period, english: true);
}
