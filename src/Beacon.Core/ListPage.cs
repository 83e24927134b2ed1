namespace Beacon.Core;

/// <summary>
/// One page of a long list (the year's evaluations of every organisation, …): which rows it shows and how many pages
/// there are. Pages count from 1; a page asked for past the last shows the last, and one before the first (or none) the
/// first, so an address kept from a longer list still shows rows.
/// </summary>
public sealed record ListPage
{
    private ListPage(int number, int size, int count) => (Number, Size, Count) = (number, size, count);

    /// <summary>Page <paramref name="asked"/> of <paramref name="count"/> rows, <paramref name="size"/> to a page (at least one).</summary>
    public static ListPage Of(int count, int? asked, int size)
    {
        size = Math.Max(1, size);
        var pages = Math.Max(1, (Math.Max(0, count) + size - 1) / size);
        return new ListPage(Math.Clamp(asked ?? 1, 1, pages), size, Math.Max(0, count));
    }

    public int Number { get; }
    public int Size { get; }

    /// <summary>Rows in the whole list.</summary>
    public int Count { get; }

    public int Pages => Math.Max(1, (Count + Size - 1) / Size);

    /// <summary>Rows before this page.</summary>
    public int Skip => (Number - 1) * Size;

    /// <summary>The first and last row shown, counted from 1 (0 and 0 for an empty list).</summary>
    public int First => Count == 0 ? 0 : Skip + 1;
    public int Last => Math.Min(Count, Skip + Size);

    public bool HasPrevious => Number > 1;
    public bool HasNext => Number < Pages;

    /// <summary>
    /// The page numbers a pager shows: the first, the last and those within <paramref name="around"/> of this page, in
    /// order, with <c>null</c> where pages are left out (…). A gap of one page shows that page instead, as "…" would take
    /// its place anyway.
    /// </summary>
    public IReadOnlyList<int?> Numbers(int around = 2)
    {
        var shown = new SortedSet<int> { 1, Pages };
        for (var p = Math.Max(1, Number - around); p <= Math.Min(Pages, Number + around); p++) shown.Add(p);
        var numbers = new List<int?>();
        var previous = 0;
        foreach (var p in shown)
        {
            if (p - previous == 2) numbers.Add(p - 1);
            else if (p - previous > 2) numbers.Add(null);
            numbers.Add(p);
            previous = p;
        }
        return numbers;
    }
}
