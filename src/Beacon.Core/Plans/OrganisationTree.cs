namespace Beacon.Core.Plans;

/// <summary>
/// One organisation as a list of organisations sees it: its parent, how many of its plans the reader may read and how
/// many it has in all.
/// </summary>
public sealed record OrganisationNode(string Code, string? Parent, int ReadablePlans, int AllPlans);

/// <summary>
/// A row of a listing: the organisation, its depth beneath the listing's root (0: the first level), and how many
/// organisations are listed beneath it on its own page but not here (0 when they are shown here, or there are none).
/// </summary>
public sealed record ListedOrganisation(string Code, int Depth, int NotShownBeneath);

/// <summary>
/// Which organisations a list of organisations (the home page, an organisation's page, the API) shows a reader, and how
/// deep it goes, whatever their number: a city with its bureaus is listed whole, a nation of cities and counties by its
/// top level, each with a line that leads to the rest.
/// </summary>
public static class OrganisationTree
{
    /// <summary>
    /// The most organisations a page lists past its first level: a few screens of cards (the city, its bureaus and their
    /// centres fit many times over; 22 cities and counties of 40 agencies each do not).
    /// </summary>
    public const int PageBudget = 100;

    /// <summary>
    /// The organisations a reader is shown, in tree order (parents first, then their sub-organisations by code): one with a
    /// plan the reader may read, or with no plan at all (new), or that is the heading of one shown beneath it. An
    /// organisation whose every plan is hidden from the reader is left out otherwise. Depths are from the top level.
    /// </summary>
    public static IReadOnlyList<ListedOrganisation> Visible(IEnumerable<OrganisationNode> organisations)
    {
        var all = organisations.ToList();
        var known = all.Select(o => o.Code).ToHashSet(StringComparer.Ordinal);
        // An organisation whose parent is not there is listed at the top, so nothing is ever lost from the list.
        var children = all.ToLookup(o => o.Parent is { } p && known.Contains(p) ? p : null);
        var rows = new List<ListedOrganisation>();
        bool Walk(string? parent, int depth)
        {
            var any = false;
            foreach (var o in children[parent].OrderBy(o => o.Code, StringComparer.Ordinal))
            {
                var at = rows.Count;
                var shownBeneath = Walk(o.Code, depth + 1);
                if (o.ReadablePlans == 0 && o.AllPlans > 0 && !shownBeneath) continue;
                rows.Insert(at, new ListedOrganisation(o.Code, depth, 0));
                any = true;
            }
            return any;
        }
        Walk(null, 0);
        return rows;
    }

    /// <summary>
    /// The rows of a listing of the organisations beneath <paramref name="root"/> (null: the whole list, from the top
    /// level), from the visible ones (<see cref="Visible"/>, in tree order). The first level is always listed whole; each
    /// further level is listed whole only while the listing then holds at most <paramref name="budget"/> organisations,
    /// so a page never shows one branch deeper than another. An organisation of the last level shown that has
    /// organisations beneath it counts them (<see cref="ListedOrganisation.NotShownBeneath"/>): its own page lists them.
    /// Empty when the root is not visible or has nothing beneath it.
    /// </summary>
    public static IReadOnlyList<ListedOrganisation> Beneath(IReadOnlyList<ListedOrganisation> visible, string? root, int budget = PageBudget)
    {
        // The root's subtree: the rows after it that are deeper than it (tree order).
        var start = 0;
        var top = 0;
        if (root is not null)
        {
            var at = -1;
            for (var i = 0; i < visible.Count; i++) if (visible[i].Code == root) { at = i; break; }
            if (at < 0) return [];
            start = at + 1;
            top = visible[at].Depth + 1;
        }
        var end = start;
        while (end < visible.Count && visible[end].Depth >= top) end++;
        var subtree = visible.Skip(start).Take(end - start).Select(r => r with { Depth = r.Depth - top }).ToList();
        if (subtree.Count == 0) return [];

        var perLevel = subtree.GroupBy(r => r.Depth).ToDictionary(g => g.Key, g => g.Count());
        var deepest = 0;
        var listed = perLevel[0];
        while (perLevel.TryGetValue(deepest + 1, out var next) && listed + next <= budget)
        {
            listed += next;
            deepest++;
        }

        var rows = new List<ListedOrganisation>();
        for (var i = 0; i < subtree.Count; i++)
        {
            var row = subtree[i];
            if (row.Depth > deepest) continue;
            var beneath = 0;
            if (row.Depth == deepest)
                for (var j = i + 1; j < subtree.Count && subtree[j].Depth > row.Depth; j++) beneath++;
            rows.Add(row with { NotShownBeneath = beneath });
        }
        return rows;
    }

    /// <summary>The organisations above one in the visible list, top first (its headings, for a page's trail).</summary>
    public static IReadOnlyList<string> Above(IReadOnlyList<ListedOrganisation> visible, string code)
    {
        var at = -1;
        for (var i = 0; i < visible.Count; i++) if (visible[i].Code == code) { at = i; break; }
        if (at < 0) return [];
        var trail = new List<string>();
        var depth = visible[at].Depth;
        for (var i = at - 1; i >= 0 && depth > 0; i--)
            if (visible[i].Depth == depth - 1) { trail.Insert(0, visible[i].Code); depth--; }
        return trail;
    }

    /// <summary>
    /// The organisations whose code, or a name, holds <paramref name="text"/> (any case), in tree order, at most
    /// <paramref name="most"/>, each as a row of the first level counting the organisations beneath it; and how many matched.
    /// </summary>
    public static (IReadOnlyList<ListedOrganisation> Rows, int Matched) Find(IReadOnlyList<ListedOrganisation> visible,
        Func<string, IEnumerable<string?>> names, string text, int most)
    {
        var wanted = text.Trim();
        var rows = new List<ListedOrganisation>();
        var matched = 0;
        for (var i = 0; i < visible.Count; i++)
        {
            var code = visible[i].Code;
            if (wanted.Length == 0 || !(code.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                || names(code).Any(n => n is not null && n.Contains(wanted, StringComparison.OrdinalIgnoreCase)))) continue;
            if (++matched > most) continue;
            var beneath = 0;
            for (var j = i + 1; j < visible.Count && visible[j].Depth > visible[i].Depth; j++) beneath++;
            rows.Add(new ListedOrganisation(code, 0, beneath));
        }
        return (rows, matched);
    }
}
