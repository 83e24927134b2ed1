using Beacon.Core.Comparison;
using Beacon.Core.Plans;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests.Comparison;

/// <summary>
/// Properties of the comparison over random plans (FsCheck, 200 pairs each) whose names come from a handful of
/// characters, so that equal names, near names and ties are common, and of a plan against random revisions of itself.
/// </summary>
public class PlanComparerProperties
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(200);

    private const string Characters = "保護案件通報率服務計畫";

    private static Gen<string> Name => from length in Gen.Choose(1, 6)
                                       from chars in Gen.ArrayOf(Gen.Elements(Characters.ToCharArray()), length)
                                       select new string(chars);

    private static Gen<List<ValueDoc>> Targets => from years in Gen.SubListOf(new[] { 2022, 2023, 2024, 2025 })
                                                  from texts in Gen.ArrayOf(Gen.Elements("7.7", "7.5", "≥99.5", "100", "無"), years.Count)
                                                  select years.Select((y, i) => PlanKit.Target(y, texts[i])).ToList();

    private static Gen<ActionPlanDoc> Action(string code) =>
        from name in Name
        from budgets in Gen.SubListOf(new[] { 2022, 2023, 2024 })
        from amount in Gen.Elements("803,500", "無", "0")
        from responsible in Gen.SubListOf(new[] { "成保組", "兒少組" })
        select new ActionPlanDoc { Code = code, Name = name, Responsible = [.. responsible], Budgets = [.. budgets.Select(y => new BudgetDoc { Year = y, Text = amount })] };

    private static Gen<KpiDoc> Kpi(string code) =>
        from name in Name
        from unit in Gen.Elements("%", "人次", null)
        from direction in Gen.Elements(Direction.Positive, Direction.Negative)
        from formula in Gen.Elements("(A/B)*100%", "(C/B)*100%", null)
        from targets in Targets
        from count in Gen.Choose(0, 2)
        from actions in Gen.CollectToList(Enumerable.Range(1, count).Select(n => Action($"{code}.{n}")))
        select new KpiDoc { Code = code, Name = name, Unit = unit, Direction = direction, Formula = formula, Values = targets, ActionPlans = [.. actions] };

    private static Gen<ObjectiveDoc> Objective(string code) =>
        from name in Name
        from count in Gen.Choose(0, 3)
        from kpis in Gen.CollectToList(Enumerable.Range(1, count).Select(n => Kpi($"{code}.{n}")))
        select new ObjectiveDoc { Code = code, Name = name, Kpis = [.. kpis] };

    /// <summary>A plan of themes A and B, each perspective holding up to two objectives with numbers from 1 to 3.</summary>
    private static Gen<PlanDocument> Plan(int year) =>
        from codes in Gen.SubListOf(from t in "AB" from p in "CPLF" from n in new[] { 1, 2, 3 } select $"{t}{p}{n}")
        from objectives in Gen.CollectToList(codes.Take(8).Select(Objective))
        select PlanKit.Plan(year, [.. objectives]);

    private static Gen<(PlanDocument, PlanDocument)> TwoPlans => from a in Plan(2022) from b in Plan(2023) select (a, b);

    /// <summary>A plan and a revision of it: some items dropped, renamed by one character, retargeted, renumbered.</summary>
    private static Gen<(PlanDocument, PlanDocument)> Revised =>
        from a in Plan(2022)
        from seed in Gen.Choose(0, int.MaxValue)
        select (a, Revise(a, new Random(seed)));

    private static PlanDocument Revise(PlanDocument plan, Random random)
    {
        string Touch(string name) => random.Next(4) == 0 ? name + Characters[random.Next(Characters.Length)] : name;
        return plan with
        {
            Year = plan.Year + random.Next(2),
            Objectives = [.. plan.Objectives.Where(_ => random.Next(6) != 0).Select(o => o with
            {
                Name = Touch(o.Name),
                Kpis = [.. o.Kpis.Where(_ => random.Next(5) != 0).Select((k, i) =>
                {
                    var code = $"{o.Code}.{i + 1}";
                    return k with
                    {
                        Code = code,
                        Name = Touch(k.Name),
                        Values = [.. k.Values.Select(v => random.Next(4) == 0 ? v with { Text = "8.0" } : v)],
                        ActionPlans = [.. k.ActionPlans.Select((x, j) => x with { Code = $"{code}.{j + 1}", Name = Touch(x.Name) })],
                    };
                })],
            })],
        };
    }

    private static string Key(ComparedItem i) => $"{i.Level} {i.Before?.Code} {i.After?.Code}";

    private static string Shown(ComparedItem i) =>
        $"{Key(i)} {string.Join(",", i.Kinds.Order())} {string.Join(";", i.Changes.Select(c => $"{c.Kind}:{c.Year}:{c.Part}:{c.Before}>{c.After}").Order(StringComparer.Ordinal))} {i.Related?.Code}";

    private static ChangeKind Mirror(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => ChangeKind.Removed,
        ChangeKind.Removed => ChangeKind.Added,
        _ => kind,
    };

    private static ComparedItem Mirror(ComparedItem i) => i with
    {
        Before = i.After,
        After = i.Before,
        Kinds = [.. i.Kinds.Select(Mirror)],
        Changes = [.. i.Changes.Select(c => c with { Before = c.After, After = c.Before })],
    };

    private static bool Mirrors(PlanComparison ab, PlanComparison ba)
    {
        var forward = ab.Items.Select(i => Shown(Mirror(i))).Order(StringComparer.Ordinal).ToList();
        var backward = ba.Items.Select(Shown).Order(StringComparer.Ordinal).ToList();
        var counts = ab.Perspectives.Zip(ba.Perspectives.OrderBy(p => ab.Perspectives.ToList().FindIndex(q => q.Perspective == p.Perspective)))
            .All(x => x.First.Perspective == x.Second.Perspective && Swapped(x.First.Counts, x.Second.Counts));
        return forward.SequenceEqual(backward) && counts && Swapped(ab.Total, ba.Total);
    }

    private static bool Swapped(ItemCounts x, ItemCounts y) =>
        x.Objectives == new Count(y.Objectives.After, y.Objectives.Before)
        && x.Kpis == new Count(y.Kpis.After, y.Kpis.Before)
        && x.ActionPlans == new Count(y.ActionPlans.After, y.ActionPlans.Before);

    /// <summary>Every item of each plan is on exactly one row, on its own side.</summary>
    private static bool Partitions(PlanDocument a, PlanDocument b, PlanComparison c)
    {
        static IEnumerable<string> Codes(PlanDocument p) =>
            p.Objectives.Select(o => o.Code).Concat(p.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans.Select(x => x.Code).Prepend(k.Code)));
        return c.Items.Where(i => i.Before is not null).Select(i => i.Before!.Code).Order(StringComparer.Ordinal).SequenceEqual(Codes(a).Order(StringComparer.Ordinal))
            && c.Items.Where(i => i.After is not null).Select(i => i.After!.Code).Order(StringComparer.Ordinal).SequenceEqual(Codes(b).Order(StringComparer.Ordinal))
            && c.Items.All(i => i.Kinds.Count > 0 && (i.IsUnchanged || !i.Kinds.Contains(ChangeKind.Unchanged)));
    }

    [Fact]
    public void A_plan_compared_with_itself_shows_no_change()
    {
        Prop.ForAll(Arb.From(Plan(2022)), a =>
        {
            var c = PlanComparer.Compare(a, a);
            return c.Items.All(i => i.IsUnchanged && i.Before == i.After && i.Changes.Count == 0)
                && c.Perspectives.All(p => p.Counts.Objectives.Difference == 0 && p.Counts.Kpis.Difference == 0 && p.Counts.ActionPlans.Difference == 0);
        }).Check(Many);
    }

    [Fact]
    public void Comparing_the_other_way_round_mirrors_the_comparison()
    {
        Prop.ForAll(Arb.From(TwoPlans), x => Mirrors(PlanComparer.Compare(x.Item1, x.Item2), PlanComparer.Compare(x.Item2, x.Item1))).Check(Many);
        Prop.ForAll(Arb.From(Revised), x => Mirrors(PlanComparer.Compare(x.Item1, x.Item2), PlanComparer.Compare(x.Item2, x.Item1))).Check(Many);
    }

    [Fact]
    public void Every_item_of_either_plan_is_on_exactly_one_row()
    {
        Prop.ForAll(Arb.From(TwoPlans), x => Partitions(x.Item1, x.Item2, PlanComparer.Compare(x.Item1, x.Item2))).Check(Many);
        Prop.ForAll(Arb.From(Revised), x => Partitions(x.Item1, x.Item2, PlanComparer.Compare(x.Item1, x.Item2))).Check(Many);
    }

    [Fact]
    public void A_revision_that_renames_nothing_and_drops_nothing_keeps_every_item_matched()
    {
        // Only targets changed and codes kept: every row is matched, and only targets can differ.
        Prop.ForAll(Arb.From(from a in Plan(2022) from seed in Gen.Choose(0, int.MaxValue) select (a, seed)), x =>
        {
            var random = new Random(x.seed);
            var b = x.a.EditAllKpis(k => k with { Values = [.. k.Values.Select(v => random.Next(3) == 0 ? v with { Text = "8.0" } : v)] });
            var c = PlanComparer.Compare(x.a, b);
            return c.Items.All(i => i.Before is not null && i.After is not null && i.Before.Code == i.After.Code
                && i.Kinds.All(k => k is ChangeKind.Unchanged or ChangeKind.TargetChanged));
        }).Check(Many);
    }
}

internal static class PlanEdits
{
    public static PlanDocument EditAllKpis(this PlanDocument plan, Func<KpiDoc, KpiDoc> edit) => plan with
    {
        Objectives = [.. plan.Objectives.Select(o => o with { Kpis = [.. o.Kpis.Select(edit)] })],
    };
}
