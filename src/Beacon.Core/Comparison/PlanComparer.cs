using System.Globalization;
using System.Text;
using Beacon.Core.Codes;
using Beacon.Core.Plans;

namespace Beacon.Core.Comparison;

/// <summary>
/// The revision comparison (修正對照表) of two plans of one organisation: two years, or two versions of a year. Pure:
/// it reads two interchange documents, whatever they were loaded from.
/// <para>
/// Items are matched level by level — objectives, then KPIs, then action plans — each level across the whole plan,
/// so a KPI can be found in another objective. Within a level, in this order:
/// </para>
/// <list type="number">
/// <item>the same code and the same name;</item>
/// <item>the same name under another code (renumbered or moved: EP3.2 → EP3.1);</item>
/// <item>similar names (<see cref="Similarity"/>): at least <see cref="NameThreshold"/> under another code, or at least
/// <see cref="SameCodeThreshold"/> under the same code, where sharing the code counts as much as
/// <see cref="SameCodeWeight"/> of a name — a renamed item keeps its code, a replaced one usually shares nothing.</item>
/// </list>
/// Among candidates equally good, the pair under the same parent wins, then the pair nearer in document order, then
/// the codes in ordinal order. Every tie-break is symmetric, so comparing the plans the other way round finds the same
/// pairs. What is left is removed or added.
/// </summary>
public static class PlanComparer
{
    /// <summary>How similar two names under different codes must be to be the same item renamed.</summary>
    public const double NameThreshold = 0.6;

    /// <summary>How similar two names under the same code must be to be the same item renamed.</summary>
    public const double SameCodeThreshold = 0.25;

    /// <summary>What sharing a code adds to the similarity of two names when candidates are ranked.</summary>
    public const double SameCodeWeight = 0.5;

    /// <summary>
    /// Whether two plans may be compared: they must be plans of one organisation. Problems name the organisation codes
    /// of both.
    /// </summary>
    public static IReadOnlyList<Problem> Check(PlanDocument before, PlanDocument after) =>
        string.Equals(before.Organisation.Code, after.Organisation.Code, StringComparison.Ordinal)
            ? []
            : [new Problem("$.organisation.code",
                $"只能比較同一機關的計畫：「{before.Organisation.Code}」與「{after.Organisation.Code}」是不同機關",
                $"only plans of one organisation can be compared: '{before.Organisation.Code}' and '{after.Organisation.Code}' are two organisations")];

    /// <summary>
    /// Compares <paramref name="before"/> (原) with <paramref name="after"/> (修正後). <paramref name="reasons"/> are
    /// the revision's reasons (說明), placed on the rows they name.
    /// </summary>
    public static PlanComparison Compare(PlanDocument before, PlanDocument after, IEnumerable<RevisionReason>? reasons = null)
    {
        var b = Flatten(before);
        var a = Flatten(after);

        Match(b.Objectives, a.Objectives, (x, y) => x.Parent == y.Parent);
        Match(b.Kpis, a.Kpis, SameParent);
        Match(b.Actions, a.Actions, SameParent);

        var fromYear = Math.Max(before.Year, after.Year);
        var items = new List<ComparedItem>();
        foreach (var (befores, afters) in new[] { (b.Objectives, a.Objectives), (b.Kpis, a.Kpis), (b.Actions, a.Actions) })
        {
            var relatedBefore = Related(befores, afters);
            var relatedAfter = Related(afters, befores);
            foreach (var x in befores)
                items.Add(x.Match is { } y ? Classify(x, y, fromYear) : Unmatched(x, relatedBefore.GetValueOrDefault(x), removed: true));
            foreach (var y in afters.Where(y => y.Match is null))
                items.Add(Unmatched(y, relatedAfter.GetValueOrDefault(y), removed: false));
        }

        var perspectives = PerspectiveOrder(before, after);
        var placed = Place(items, reasons ?? [], out var general);
        var ordered = placed
            .OrderBy(i => perspectives.FindIndex(p => p.Kind == i.Perspective))
            .ThenBy(i => i.Code, CodeOrder.Instance)
            .ThenBy(i => i.After is null ? 0 : 1)
            .ThenBy(i => i.Before?.Code, StringComparer.Ordinal)
            .ToList();

        return new PlanComparison(
            new ComparedPlan(before.Organisation.Code, before.Organisation.Name, before.Year),
            new ComparedPlan(after.Organisation.Code, after.Organisation.Name, after.Year),
            [.. perspectives.Select(p => new PerspectiveCounts(p.Kind, p.Name, Counts(b, a, p.Kind)))],
            Counts(b, a, null),
            ordered,
            general,
            [.. before.Approvals.Where(x => !after.Approvals.Contains(x))],
            [.. after.Approvals.Where(x => !before.Approvals.Contains(x))]);
    }

    /// <summary>
    /// How alike two names are, 0 to 1: the Dice coefficient of their character pairs after <see cref="NormaliseName"/>
    /// (保護案件再通報率 and 保護案件再通報比率 share 6 of 7 and 8 pairs: 0.8). A one-character name counts as one pair.
    /// </summary>
    public static double Similarity(string x, string y) => Dice(Grams(NormaliseName(x)), Grams(NormaliseName(y)));

    /// <summary>A name as compared: compatibility form (full-width letters and digits as ASCII), no white space, lower case.</summary>
    public static string NormaliseName(string name)
    {
        var text = Compatible(name);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
            if (!char.IsWhiteSpace(c)) result.Append(char.ToLowerInvariant(c));
        return result.ToString();
    }

    // --- Flattening -------------------------------------------------------------------------------------------------

    private sealed class Entry
    {
        public required ItemLevel Level { get; init; }
        public required ItemSide Side { get; init; }
        public required string Key { get; init; }
        public required int[] Grams { get; init; }
        public required int Index { get; init; }
        public Entry? ParentEntry { get; init; }
        public KpiDoc? Kpi { get; init; }
        public ActionPlanDoc? Action { get; init; }
        public Entry? Match { get; set; }
        public string Code => Side.Code;
        public string? Parent => Side.Parent;
    }

    private sealed record Flat(List<Entry> Objectives, List<Entry> Kpis, List<Entry> Actions);

    private static Flat Flatten(PlanDocument plan)
    {
        var objectives = new List<Entry>();
        var kpis = new List<Entry>();
        var actions = new List<Entry>();
        foreach (var objective in plan.Objectives)
        {
            var kind = plan.PerspectiveOf(objective.Code)?.Kind ?? PerspectiveKind.Customer;
            var prefix = ObjectiveCode.TryParse(objective.Code, out var code) ? $"{code.Theme}{kind.StandardLetter()}" : null;
            var o = NewEntry(ItemLevel.Objective, objective.Code, objective.Name, prefix, kind, objectives.Count, null);
            objectives.Add(o);
            foreach (var kpi in objective.Kpis)
            {
                var k = NewEntry(ItemLevel.Kpi, kpi.Code, kpi.Name, objective.Code, kind, kpis.Count, o, kpi);
                kpis.Add(k);
                foreach (var action in kpi.ActionPlans)
                    actions.Add(NewEntry(ItemLevel.ActionPlan, action.Code, action.Name, kpi.Code, kind, actions.Count, k, action: action));
            }
        }
        return new Flat(objectives, kpis, actions);
    }

    private static Entry NewEntry(ItemLevel level, string code, string name, string? parent, PerspectiveKind kind, int index, Entry? parentEntry,
        KpiDoc? kpi = null, ActionPlanDoc? action = null)
    {
        var key = NormaliseName(name);
        return new Entry
        {
            Level = level, Side = new ItemSide(code, name, parent, kind), Key = key, Grams = Grams(key), Index = index,
            ParentEntry = parentEntry, Kpi = kpi, Action = action,
        };
    }

    private static bool SameParent(Entry x, Entry y) => x.ParentEntry is { Match: { } m } && ReferenceEquals(m, y.ParentEntry);

    // --- Matching ---------------------------------------------------------------------------------------------------

    private static void Match(List<Entry> before, List<Entry> after, Func<Entry, Entry, bool> sameParent)
    {
        // 1. Same code, same name.
        var afterByCode = after.GroupBy(e => e.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var x in before)
            if (afterByCode.TryGetValue(x.Code, out var y) && y.Match is null && x.Key == y.Key)
                Pair(x, y);

        // 2. Same name, another code.
        var afterByName = after.Where(e => e.Match is null).ToLookup(e => e.Key, StringComparer.Ordinal);
        var sameName = new List<Candidate>();
        foreach (var x in before.Where(e => e.Match is null))
            foreach (var y in afterByName[x.Key])
                sameName.Add(new Candidate(x, y, 1, sameParent(x, y)));
        Greedy(sameName);

        // 3. Similar names.
        var openBefore = before.Where(e => e.Match is null).ToList();
        var openAfter = after.Where(e => e.Match is null).ToList();
        var similar = new List<Candidate>();
        var openAfterByCode = openAfter.GroupBy(e => e.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var x in openBefore)
            if (openAfterByCode.TryGetValue(x.Code, out var y) && Dice(x.Grams, y.Grams) is var similarity && similarity >= SameCodeThreshold)
                similar.Add(new Candidate(x, y, similarity + SameCodeWeight, sameParent(x, y)));
        Similar(openBefore, openAfter, NameThreshold, (x, y, similarity) =>
        {
            if (!string.Equals(x.Code, y.Code, StringComparison.Ordinal)) similar.Add(new Candidate(x, y, similarity, sameParent(x, y)));
        });
        Greedy(similar);
    }

    /// <summary>
    /// Calls <paramref name="found"/> for every pair of <paramref name="xs"/> and <paramref name="ys"/> at least
    /// <paramref name="threshold"/> similar, visiting only pairs that share a character pair (an index of
    /// <paramref name="ys"/> by pair), so plans that share little cost little.
    /// </summary>
    private static void Similar(List<Entry> xs, List<Entry> ys, double threshold, Action<Entry, Entry, double> found)
    {
        if (xs.Count == 0 || ys.Count == 0) return;
        var index = new Dictionary<int, List<int>>();
        var empty = new List<int>();
        for (var j = 0; j < ys.Count; j++)
        {
            if (ys[j].Grams.Length == 0) empty.Add(j);
            foreach (var gram in ys[j].Grams)
            {
                if (!index.TryGetValue(gram, out var list)) index[gram] = list = [];
                list.Add(j);
            }
        }
        var common = new int[ys.Count];
        var touched = new List<int>();
        foreach (var x in xs)
        {
            if (x.Grams.Length == 0)
            {
                foreach (var j in empty) found(x, ys[j], 1);   // two blank names are alike
                continue;
            }
            foreach (var gram in x.Grams)
                if (index.TryGetValue(gram, out var list))
                    foreach (var j in list)
                        if (common[j]++ == 0) touched.Add(j);
            touched.Sort();
            foreach (var j in touched)
            {
                var similarity = 2.0 * common[j] / (x.Grams.Length + ys[j].Grams.Length);
                common[j] = 0;
                if (similarity >= threshold) found(x, ys[j], similarity);
            }
            touched.Clear();
        }
    }

    private sealed record Candidate(Entry Before, Entry After, double Score, bool SameParent);

    /// <summary>Takes the best candidate whose two items are both free, then the next, and so on.</summary>
    private static void Greedy(List<Candidate> candidates)
    {
        candidates.Sort(Better);
        foreach (var c in candidates)
            if (c.Before.Match is null && c.After.Match is null)
                Pair(c.Before, c.After);
    }

    /// <summary>Best first; every key is the same whichever plan is called before (see the class remarks).</summary>
    private static int Better(Candidate x, Candidate y)
    {
        var c = y.Score.CompareTo(x.Score);
        if (c != 0) return c;
        c = y.SameParent.CompareTo(x.SameParent);
        if (c != 0) return c;
        c = Math.Abs(x.Before.Index - x.After.Index).CompareTo(Math.Abs(y.Before.Index - y.After.Index));
        if (c != 0) return c;
        var (xLow, xHigh) = Ordered(x.Before.Code, x.After.Code);
        var (yLow, yHigh) = Ordered(y.Before.Code, y.After.Code);
        c = string.CompareOrdinal(xLow, yLow);
        return c != 0 ? c : string.CompareOrdinal(xHigh, yHigh);
    }

    private static (string, string) Ordered(string p, string q) => string.CompareOrdinal(p, q) <= 0 ? (p, q) : (q, p);

    private static void Pair(Entry x, Entry y)
    {
        x.Match = y;
        y.Match = x;
    }

    // --- Classifying ------------------------------------------------------------------------------------------------

    /// <summary>
    /// For each unmatched item of <paramref name="xs"/>, the most similar item of the other plan, matched or not, when
    /// similar enough (a KPI split in two, or two merged); nearer in document order, then the lower code, on a tie.
    /// </summary>
    private static Dictionary<Entry, Entry> Related(List<Entry> xs, List<Entry> other)
    {
        var related = new Dictionary<Entry, Entry>();
        var best = new Dictionary<Entry, double>();
        Similar([.. xs.Where(x => x.Match is null)], other, NameThreshold, (x, y, similarity) =>
        {
            if (!related.TryGetValue(x, out var current) || similarity > best[x] || similarity == best[x] && Nearer(y, current, x))
            {
                related[x] = y;
                best[x] = similarity;
            }
        });
        return related;
    }

    private static ComparedItem Unmatched(Entry x, Entry? related, bool removed) =>
        new(x.Level, removed ? x.Side : null, removed ? null : x.Side, [removed ? ChangeKind.Removed : ChangeKind.Added], [], [], related?.Side);

    /// <summary>Whether <paramref name="y"/> is nearer <paramref name="x"/> in document order than <paramref name="z"/> (then the lower code).</summary>
    private static bool Nearer(Entry y, Entry z, Entry x)
    {
        var c = Math.Abs(y.Index - x.Index).CompareTo(Math.Abs(z.Index - x.Index));
        return c < 0 || c == 0 && string.CompareOrdinal(y.Code, z.Code) < 0;
    }

    private static ComparedItem Classify(Entry x, Entry y, int fromYear)
    {
        var changes = new List<FieldChange>();
        var parentMoved = x.Level == ItemLevel.Objective ? x.Parent != y.Parent : !SameParent(x, y);
        if (parentMoved) changes.Add(new FieldChange(ChangeKind.Moved, x.Parent, y.Parent));
        else if (!string.Equals(x.Code, y.Code, StringComparison.Ordinal)) changes.Add(new FieldChange(ChangeKind.Renumbered, x.Code, y.Code));
        if (x.Key != y.Key) changes.Add(new FieldChange(ChangeKind.Renamed, x.Side.Name, y.Side.Name));

        if (x.Kpi is { } bk && y.Kpi is { } ak)
        {
            if (FormulaText(bk) is var bf && FormulaText(ak) is var af && Plain(bf) != Plain(af))
                changes.Add(new FieldChange(ChangeKind.FormulaChanged, bf, af));
            if (Plain(bk.Unit) != Plain(ak.Unit)) changes.Add(new FieldChange(ChangeKind.UnitChanged, bk.Unit, ak.Unit));
            if (bk.Direction != ak.Direction)
                changes.Add(new FieldChange(ChangeKind.DirectionChanged, DirectionName(bk.Direction), DirectionName(ak.Direction)));
            changes.AddRange(ByYear(ChangeKind.TargetChanged, Targets(bk), Targets(ak), fromYear));
            if (Responsible(bk.Responsible, ak.Responsible) is { } r) changes.Add(r);
        }
        if (x.Action is { } ba && y.Action is { } aa)
        {
            if (Responsible(ba.Responsible, aa.Responsible) is { } r) changes.Add(r);
            changes.AddRange(ByYear(ChangeKind.BudgetChanged, Budgets(ba), Budgets(aa), fromYear));
        }

        var kinds = changes.Select(c => c.Kind).Distinct().Order().ToList();
        return new ComparedItem(x.Level, x.Side, y.Side, kinds.Count == 0 ? [ChangeKind.Unchanged] : kinds, changes, [], null);
    }

    private static FieldChange? Responsible(List<string> before, List<string> after) =>
        before.Select(Plain).ToHashSet(StringComparer.Ordinal).SetEquals(after.Select(Plain))
            ? null
            : new FieldChange(ChangeKind.ResponsibleChanged, Joined(before), Joined(after));

    private static string? Joined(List<string> units) => units.Count == 0 ? null : string.Join("、", units);

    private static string DirectionName(Direction direction) => PlanShape.EnumNames(typeof(Direction))[(int)direction];

    /// <summary>The formula as printed, or the parts' formulas one after another; the structured expression when there is no printed one.</summary>
    private static string? FormulaText(KpiDoc kpi)
    {
        var parts = kpi.Parts.Count == 0 ? null
            : string.Join(" ／ ", kpi.Parts.Select(p => p.Weight is { } w ? $"{p.Name}（{w.ToString("0.##", CultureInfo.InvariantCulture)}%）：{p.Formula}" : $"{p.Name}：{p.Formula}"));
        var text = string.Join(" ／ ", new[] { kpi.Formula, parts }.OfType<string>());
        return text.Length > 0 ? text : kpi.Expression;
    }

    /// <summary>Year-end targets by part (empty for the KPI's own) and year.</summary>
    private static Dictionary<(string Part, int Year), string> Targets(KpiDoc kpi)
    {
        var result = new Dictionary<(string, int), string>();
        foreach (var v in kpi.Values.Where(v => v.Kind == ValueKind.Target && v.Period is null)) result.TryAdd(("", v.Year), v.Text);
        foreach (var part in kpi.Parts)
            foreach (var v in part.Values.Where(v => v.Kind == ValueKind.Target && v.Period is null)) result.TryAdd((part.Name, v.Year), v.Text);
        return result;
    }

    private static Dictionary<(string Part, int Year), string> Budgets(ActionPlanDoc action)
    {
        var result = new Dictionary<(string, int), string>();
        foreach (var budget in action.Budgets) result.TryAdd(("", budget.Year), budget.Text);
        return result;
    }

    /// <summary>
    /// Targets or budgets of the years both plans look at (from the later plan year on) that differ. A year only one
    /// side has counts when the other side's years reach that far (a target dropped), not when the other plan simply
    /// ends earlier (a year added at the end of the horizon).
    /// </summary>
    private static IEnumerable<FieldChange> ByYear(ChangeKind kind, Dictionary<(string Part, int Year), string> before, Dictionary<(string Part, int Year), string> after, int fromYear)
    {
        var beforeLast = before.Count == 0 ? int.MinValue : before.Keys.Max(k => k.Year);
        var afterLast = after.Count == 0 ? int.MinValue : after.Keys.Max(k => k.Year);
        var keys = before.Keys.Union(after.Keys).Where(k => k.Year >= fromYear)
            .OrderBy(k => k.Year).ThenBy(k => k.Part, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var hasBefore = before.TryGetValue(key, out var x);
            var hasAfter = after.TryGetValue(key, out var y);
            var differs = hasBefore && hasAfter ? Plain(x) != Plain(y)
                : hasBefore ? afterLast >= key.Year
                : beforeLast >= key.Year;
            if (differs) yield return new FieldChange(kind, x, y, key.Year, key.Part.Length == 0 ? null : key.Part);
        }
    }

    /// <summary>A printed value as compared: compatibility form, no white space, no thousands separators (803,500 = 803500).</summary>
    private static string Plain(string? text)
    {
        if (text is null) return "";
        var normal = Compatible(text);
        var result = new StringBuilder(normal.Length);
        foreach (var c in normal)
            if (!char.IsWhiteSpace(c) && c != ',') result.Append(c);
        return result.ToString();
    }

    /// <summary>
    /// The compatibility form (NFKC), asked of the system only for text that may change: Chinese characters, ASCII
    /// and CJK punctuation (、。「」) are their own compatibility form, full-width letters and signs (％（）６) are not.
    /// </summary>
    private static string Compatible(string text)
    {
        foreach (var c in text)
            if (c >= 0xA0 && c is not (>= '\u4E00' and <= '\u9FFF' or >= '\u3001' and <= '\u303F' or >= '\u3400' and <= '\u4DBF'))
                return text.Normalize(NormalizationForm.FormKC);
        return text;
    }

    // --- Reasons and counts -----------------------------------------------------------------------------------------

    private static List<ComparedItem> Place(List<ComparedItem> items, IEnumerable<RevisionReason> reasons, out List<string> general)
    {
        general = [];
        var byCode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++) byCode.TryAdd(items[i].Code, i);
        var placed = new Dictionary<int, List<string>>();
        foreach (var reason in reasons)
        {
            if (reason.Code is { } code && byCode.TryGetValue(code, out var index) && Applies(reason, items[index]))
            {
                if (!placed.TryGetValue(index, out var list)) placed[index] = list = [];
                list.Add(reason.Text);
            }
            else general.Add(reason.Text);
        }
        return [.. items.Select((item, i) => placed.TryGetValue(i, out var texts) ? item with { Reasons = texts } : item)];
    }

    private static bool Applies(RevisionReason reason, ComparedItem item)
    {
        if (reason.Kind is { } kind && !item.Has(kind)) return false;
        if (reason.Year is not { } year) return true;
        return item.Changes.Any(c => c.Year == year && (reason.Kind is null || c.Kind == reason.Kind));
    }

    private static List<PerspectiveDoc> PerspectiveOrder(PlanDocument before, PlanDocument after)
    {
        var list = new List<PerspectiveDoc>(after.Perspectives);
        foreach (var p in before.Perspectives)
            if (list.All(q => q.Kind != p.Kind)) list.Add(p);
        return [.. list.GroupBy(p => p.Kind).Select(g => g.First())];
    }

    private static ItemCounts Counts(Flat b, Flat a, PerspectiveKind? kind)
    {
        Count Of(List<Entry> x, List<Entry> y) => new(x.Count(e => kind is null || e.Side.Perspective == kind), y.Count(e => kind is null || e.Side.Perspective == kind));
        return new ItemCounts(Of(b.Objectives, a.Objectives), Of(b.Kpis, a.Kpis), Of(b.Actions, a.Actions));
    }

    // --- Name similarity --------------------------------------------------------------------------------------------

    /// <summary>The distinct character pairs of a normalised name, sorted (one pair for a one-character name).</summary>
    private static int[] Grams(string key)
    {
        if (key.Length == 0) return [];
        if (key.Length == 1) return [key[0]];
        var grams = new int[key.Length - 1];
        for (var i = 0; i < grams.Length; i++) grams[i] = (key[i] << 16) | key[i + 1];
        Array.Sort(grams);
        var distinct = 1;
        for (var i = 1; i < grams.Length; i++)
            if (grams[i] != grams[distinct - 1]) grams[distinct++] = grams[i];
        return distinct == grams.Length ? grams : grams[..distinct];
    }

    private static double Dice(int[] x, int[] y)
    {
        if (x.Length == 0 && y.Length == 0) return 1;
        int i = 0, j = 0, common = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j]) { common++; i++; j++; }
            else if (x[i] < y[j]) i++;
            else j++;
        }
        return 2.0 * common / (x.Length + y.Length);
    }
}

/// <summary>Codes in reading order: AC1 &lt; AC1.1 &lt; AC1.1.1 &lt; AC1.2 &lt; AC2 &lt; AC10 (numbers compared as numbers).</summary>
public sealed class CodeOrder : IComparer<string>
{
    public static readonly CodeOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var si = i; while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                var sj = j; while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var a = x[si..i].TrimStart('0');
                var b = y[sj..j].TrimStart('0');
                var c = a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
                if (c != 0) return c;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++; j++;
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}
