using Beacon.Core.Codes;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Features.Authoring;

/// <summary>
/// Brings a stored plan (loaded whole and tracked) to the document the core decided, changing only what differs, so
/// the audit trail records each changed field old → new: rows are matched by code (through the renames), values by year,
/// kind and period, budgets by year, milestones by period, parts by position. A renumbered objective, KPI or action plan
/// keeps its row (its history, evaluation data and comment thread). Every element whose own fields or list of children
/// changed has its version raised, and so has the plan's header, list of themes and objectives, or links.
/// </summary>
internal sealed class PlanSync(BeaconDb db, Plan plan, PlanDocument after, IReadOnlyDictionary<string, string> renamed)
{
    private string Now(string code) => renamed.GetValueOrDefault(code) ?? code;

    public void Apply()
    {
        Header();
        var perspectives = Perspectives();
        var themes = Themes();
        Objectives(themes, perspectives);
        Links();
    }

    private void Header()
    {
        var changed = false;
        void Set<T>(T current, T value, Action<T> set)
        {
            if (EqualityComparer<T>.Default.Equals(current, value)) return;
            set(value);
            changed = true;
        }
        Set(plan.Title, after.Title, v => plan.Title = v);
        Set(plan.Mission, after.Mission, v => plan.Mission = v);
        Set(plan.Vision, after.Vision, v => plan.Vision = v);
        if (!plan.CoreValues.SequenceEqual(after.CoreValues)) { plan.CoreValues = [.. after.CoreValues]; changed = true; }
        for (var i = 0; i < after.Approvals.Count; i++)
        {
            var doc = after.Approvals[i];
            if (i < plan.Approvals.Count)
            {
                var row = plan.Approvals[i];
                Set(row.Date, doc.Date, v => row.Date = v);
                Set(row.Body, doc.Body, v => row.Body = v);
                Set(row.Description, doc.Description, v => row.Description = v);
            }
            else
            {
                plan.Approvals.Add(new PlanApproval { PlanId = plan.Id, Position = i, Date = doc.Date, Body = doc.Body, Description = doc.Description });
                changed = true;
            }
        }
        foreach (var gone in plan.Approvals.Skip(after.Approvals.Count).ToList())
        {
            db.PlanApprovals.Remove(gone);
            plan.Approvals.Remove(gone);
            changed = true;
        }
        if (changed) plan.HeaderVersion++;
    }

    /// <summary>Perspectives by kind (one each): objectives keep theirs whatever its letter or name becomes.</summary>
    private Dictionary<PerspectiveKind, Perspective> Perspectives()
    {
        var changed = false;
        var byKind = plan.Perspectives.ToDictionary(p => p.Kind);
        for (var i = 0; i < after.Perspectives.Count; i++)
        {
            var doc = after.Perspectives[i];
            if (!byKind.TryGetValue(doc.Kind, out var row))
            {
                row = new Perspective { PlanId = plan.Id, Kind = doc.Kind, Code = doc.Code, Name = doc.Name, Position = i };
                plan.Perspectives.Add(row);
                byKind[doc.Kind] = row;
                changed = true;
                continue;
            }
            if (row.Code != doc.Code || row.Name != doc.Name || row.Position != i)
            {
                (row.Code, row.Name, row.Position) = (doc.Code, doc.Name, i);
                changed = true;
            }
        }
        foreach (var gone in plan.Perspectives.Where(p => after.Perspectives.All(d => d.Kind != p.Kind)).ToList())
        {
            db.Perspectives.Remove(gone);
            byKind.Remove(gone.Kind);
            changed = true;
        }
        if (changed) plan.HeaderVersion++;
        return byKind;
    }

    private Dictionary<string, Theme> Themes()
    {
        var byCode = plan.Themes.ToDictionary(t => Now(t.Code), StringComparer.Ordinal);
        var listChanged = false;
        for (var i = 0; i < after.Themes.Count; i++)
        {
            var doc = after.Themes[i];
            if (!byCode.TryGetValue(doc.Code, out var row))
            {
                row = new Theme { PlanId = plan.Id, Code = doc.Code, Name = doc.Name };
                plan.Themes.Add(row);
                byCode[doc.Code] = row;
                listChanged = true;
            }
            var changed = row.Code != doc.Code || row.Name != doc.Name || row.CityTheme != doc.CityTheme || row.Lead != doc.Lead || !row.Members.SequenceEqual(doc.Members);
            if (row.Position != i) listChanged = true;
            (row.Code, row.Name, row.CityTheme, row.Lead, row.Position) = (doc.Code, doc.Name, doc.CityTheme, doc.Lead, i);
            if (!row.Members.SequenceEqual(doc.Members)) row.Members = [.. doc.Members];
            if (changed && row.Id != 0) row.Version++;
        }
        foreach (var (code, gone) in byCode.Where(t => after.Themes.All(d => d.Code != t.Key)).ToList())
        {
            db.Themes.Remove(gone);
            byCode.Remove(code);
            listChanged = true;
        }
        if (listChanged) plan.ChildrenVersion++;
        return byCode;
    }

    private void Objectives(Dictionary<string, Theme> themes, Dictionary<PerspectiveKind, Perspective> perspectives)
    {
        var objectives = plan.Objectives.ToDictionary(o => Now(o.Code), StringComparer.Ordinal);
        var kpis = plan.Objectives.SelectMany(o => o.Kpis).ToDictionary(k => Now(k.Code), StringComparer.Ordinal);
        var actions = plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans.Select(a => (Kpi: k, Action: a)))
            .ToDictionary(x => Now(x.Action.Code), StringComparer.Ordinal);
        var listChanged = false;
        var touched = new HashSet<object>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < after.Objectives.Count; i++)
        {
            var doc = after.Objectives[i];
            ObjectiveCode.TryParse(doc.Code, out var code);
            var theme = code.IsShared ? null : themes[code.Theme.ToString()];
            var perspective = perspectives[after.PerspectiveOf(doc.Code)!.Kind];
            if (!objectives.TryGetValue(doc.Code, out var row))
            {
                row = new Objective { PlanId = plan.Id, Code = doc.Code, Name = doc.Name, Theme = theme, Perspective = perspective };
                plan.Objectives.Add(row);
                objectives[doc.Code] = row;
                listChanged = true;
            }
            var changed = row.Code != doc.Code || row.Name != doc.Name || row.Ksf != doc.Ksf || row.CityObjective != doc.CityObjective || row.Note != doc.Note
                || !ReferenceEquals(row.Theme, theme) || !ReferenceEquals(row.Perspective, perspective);
            if (row.Position != i) listChanged = true;
            (row.Code, row.Name, row.Ksf, row.CityObjective, row.Note, row.Position) = (doc.Code, doc.Name, doc.Ksf, doc.CityObjective, doc.Note, i);
            (row.Theme, row.Perspective) = (theme, perspective);
            if (changed) touched.Add(row);
            for (var k = 0; k < doc.Kpis.Count; k++)
                Kpi(row, doc.Kpis[k], k, kpis, actions, touched);
        }
        foreach (var (code, gone) in kpis.Where(k => PlanEditsKpi(k.Key) is null).ToList())
        {
            touched.Add(gone.Objective);
            db.Kpis.Remove(gone);
        }
        foreach (var (code, gone) in actions.Where(a => PlanEditsAction(a.Key) is null).ToList())
        {
            if (PlanEditsKpi(Now(gone.Kpi.Code)) is not null) touched.Add(gone.Kpi);
            db.ActionPlans.Remove(gone.Action);
        }
        foreach (var (code, gone) in objectives.Where(o => after.Objectives.All(d => d.Code != o.Key)).ToList())
        {
            db.Objectives.Remove(gone);
            listChanged = true;
        }
        foreach (var row in touched)
            switch (row)
            {
                case Objective o when o.Id != 0: o.Version++; break;
                case Kpi k when k.Id != 0: k.Version++; break;
                case ActionPlan a when a.Id != 0: a.Version++; break;
            }
        if (listChanged) plan.ChildrenVersion++;
    }

    private KpiDoc? PlanEditsKpi(string code) => after.Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.Code == code);

    private ActionPlanDoc? PlanEditsAction(string code) => after.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans).FirstOrDefault(a => a.Code == code);

    private void Kpi(Objective objective, KpiDoc doc, int position, Dictionary<string, Kpi> kpis, Dictionary<string, (Kpi Kpi, ActionPlan Action)> actions, HashSet<object> touched)
    {
        if (!kpis.TryGetValue(doc.Code, out var row))
        {
            row = new Kpi { Code = doc.Code, Name = doc.Name, Objective = objective };
            objective.Kpis.Add(row);
            kpis[doc.Code] = row;
            touched.Add(objective);
        }
        else if (!ReferenceEquals(row.Objective, objective))
        {
            // Moved under another objective: both lists changed.
            touched.Add(row.Objective);
            touched.Add(objective);
            row.Objective.Kpis.Remove(row);
            objective.Kpis.Add(row);
            row.Objective = objective;
        }
        if (row.Position != position && row.Id != 0) touched.Add(objective);
        var changed = row.Code != doc.Code || row.Name != doc.Name || row.Ksf != doc.Ksf || row.Formula != doc.Formula || row.Expression != doc.Expression
            || row.Unit != doc.Unit || row.Direction != doc.Direction || !row.Responsible.SequenceEqual(doc.Responsible) || row.Exempt != doc.Exempt
            || row.CityKpi != doc.CityKpi || row.Note != doc.Note;
        (row.Code, row.Name, row.Ksf, row.Formula, row.Expression, row.Unit, row.Direction, row.Exempt, row.CityKpi, row.Note, row.Position) =
            (doc.Code, doc.Name, doc.Ksf, doc.Formula, doc.Expression, doc.Unit, doc.Direction, doc.Exempt, doc.CityKpi, doc.Note, position);
        if (!row.Responsible.SequenceEqual(doc.Responsible)) row.Responsible = [.. doc.Responsible];
        changed |= Values(row.Values, doc.Values, () => new KpiValue { KpiId = row.Id, Text = "" });
        for (var p = 0; p < doc.Parts.Count; p++)
        {
            var part = doc.Parts[p];
            if (p >= row.Parts.Count)
            {
                row.Parts.Add(new KpiPart { KpiId = row.Id, Position = p, Name = part.Name, Formula = part.Formula, Weight = part.Weight });
                changed = true;
            }
            var stored = row.Parts[p];
            if (stored.Name != part.Name || stored.Formula != part.Formula || stored.Weight != part.Weight || stored.Position != p)
            {
                (stored.Name, stored.Formula, stored.Weight, stored.Position) = (part.Name, part.Formula, part.Weight, p);
                changed = true;
            }
            changed |= Values(stored.Values, part.Values, () => new KpiValue { KpiPartId = stored.Id, Text = "" });
        }
        foreach (var gone in row.Parts.Skip(doc.Parts.Count).ToList())
        {
            db.KpiParts.Remove(gone);
            row.Parts.Remove(gone);
            changed = true;
        }
        if (changed) touched.Add(row);
        for (var a = 0; a < doc.ActionPlans.Count; a++)
            Action(row, doc.ActionPlans[a], a, actions, touched);
    }

    private void Action(Kpi kpi, ActionPlanDoc doc, int position, Dictionary<string, (Kpi Kpi, ActionPlan Action)> actions, HashSet<object> touched)
    {
        ActionPlan row;
        if (!actions.TryGetValue(doc.Code, out var found))
        {
            row = new ActionPlan { Code = doc.Code, Name = doc.Name };
            kpi.ActionPlans.Add(row);
            actions[doc.Code] = (kpi, row);
            touched.Add(kpi);
        }
        else
        {
            row = found.Action;
            if (!ReferenceEquals(found.Kpi, kpi))
            {
                touched.Add(found.Kpi);
                touched.Add(kpi);
                found.Kpi.ActionPlans.Remove(row);
                kpi.ActionPlans.Add(row);
                actions[doc.Code] = (kpi, row);
            }
        }
        if (row.Position != position && row.Id != 0) touched.Add(kpi);
        var changed = row.Code != doc.Code || row.Name != doc.Name || !row.Responsible.SequenceEqual(doc.Responsible) || row.Note != doc.Note;
        (row.Code, row.Name, row.Note, row.Position) = (doc.Code, doc.Name, doc.Note, position);
        if (!row.Responsible.SequenceEqual(doc.Responsible)) row.Responsible = [.. doc.Responsible];
        for (var b = 0; b < doc.Budgets.Count; b++)
        {
            var budget = doc.Budgets[b];
            var stored = row.Budgets.FirstOrDefault(x => x.Year == budget.Year);
            if (stored is null)
            {
                row.Budgets.Add(new Budget { ActionPlanId = row.Id, Position = b, Year = budget.Year, Text = budget.Text, Amount = PlanMapping.BudgetAmount(budget.Text) });
                changed = true;
            }
            else if (stored.Text != budget.Text || stored.Position != b)
            {
                (stored.Text, stored.Amount, stored.Position) = (budget.Text, PlanMapping.BudgetAmount(budget.Text), b);
                changed = true;
            }
        }
        foreach (var gone in row.Budgets.Where(x => doc.Budgets.All(d => d.Year != x.Year)).ToList())
        {
            db.Budgets.Remove(gone);
            row.Budgets.Remove(gone);
            changed = true;
        }
        for (var m = 0; m < doc.Milestones.Count; m++)
        {
            var milestone = doc.Milestones[m];
            var stored = row.Milestones.FirstOrDefault(x => x.Period == milestone.Period);
            if (stored is null)
            {
                row.Milestones.Add(new Milestone { ActionPlanId = row.Id, Position = m, Period = milestone.Period, Text = milestone.Text });
                changed = true;
            }
            else if (stored.Text != milestone.Text || stored.Position != m)
            {
                (stored.Text, stored.Position) = (milestone.Text, m);
                changed = true;
            }
        }
        foreach (var gone in row.Milestones.Where(x => doc.Milestones.All(d => d.Period != x.Period)).ToList())
        {
            db.Milestones.Remove(gone);
            row.Milestones.Remove(gone);
            changed = true;
        }
        if (changed) touched.Add(row);
    }

    /// <summary>Values matched by year, kind and period: only a changed text (or revision) is written. True when anything changed.</summary>
    private bool Values(List<KpiValue> rows, List<ValueDoc> docs, Func<KpiValue> create)
    {
        var changed = false;
        for (var i = 0; i < docs.Count; i++)
        {
            var doc = docs[i];
            var row = rows.FirstOrDefault(v => v.Year == doc.Year && v.Kind == doc.Kind && v.Period == doc.Period);
            if (row is null)
            {
                row = create();
                (row.Year, row.Kind, row.Period) = (doc.Year, doc.Kind, doc.Period);
                row.SetText(doc.Text);
                rows.Add(row);
                changed = true;
            }
            else if (row.Read().Printed != doc.Text)
            {
                row.SetText(doc.Text);
                changed = true;
            }
            if (row.Position != i || row.Original != doc.Original || row.Reason != doc.Reason)
            {
                changed |= row.Original != doc.Original || row.Reason != doc.Reason;
                (row.Position, row.Original, row.Reason) = (i, doc.Original, doc.Reason);
            }
        }
        foreach (var gone in rows.Where(v => !docs.Any(d => d.Year == v.Year && d.Kind == v.Kind && d.Period == v.Period)).ToList())
        {
            db.KpiValues.Remove(gone);
            rows.Remove(gone);
            changed = true;
        }
        return changed;
    }

    private void Links()
    {
        var changed = false;
        var rows = plan.Links.Select(l => (Row: l, From: Now(l.FromCode), To: Now(l.ToCode))).ToList();
        var used = new HashSet<ObjectiveLink>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < after.Links.Count; i++)
        {
            var doc = after.Links[i];
            var match = rows.FirstOrDefault(r => r.From == doc.From && r.To == doc.To && !used.Contains(r.Row)).Row;
            if (match is null)
            {
                plan.Links.Add(new ObjectiveLink { PlanId = plan.Id, Position = i, FromCode = doc.From, ToCode = doc.To });
                changed = true;
                continue;
            }
            used.Add(match);
            if (match.FromCode != doc.From || match.ToCode != doc.To || match.Position != i)
            {
                (match.FromCode, match.ToCode, match.Position) = (doc.From, doc.To, i);
                changed = true;
            }
        }
        foreach (var gone in rows.Select(r => r.Row).Where(r => !used.Contains(r)).ToList())
        {
            db.ObjectiveLinks.Remove(gone);
            changed = true;
        }
        if (changed) plan.LinksVersion++;
    }
}
