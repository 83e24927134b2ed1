namespace Beacon.Core;

/// <summary>
/// A page of a list in code order that is asked for by the last code of the page before (<c>?after=TPE&amp;limit=100</c>):
/// the rows of the first <c>size</c> codes after that one, every row of a code on one page (an organisation with all its
/// plans), and the code to ask after for the next page, or null on the last. Codes compare character by character
/// (ordinal: <c>TPE</c> before <c>TPE-DOL</c>), as everywhere codes are compared, whatever a database's collation.
/// Asking by code rather than by page number keeps a reader's place when rows are added or removed before it.
/// </summary>
public sealed record KeyPage<T>(IReadOnlyList<T> Rows, string? NextAfter);

public static class KeyPage
{
    /// <summary>The rows of at most <paramref name="size"/> codes (at least one) after <paramref name="after"/> (from the start when null).</summary>
    public static KeyPage<T> Of<T>(IEnumerable<T> rows, Func<T, string> code, string? after, int size)
    {
        size = Math.Max(1, size);
        var page = new List<T>();
        var codes = 0;
        string? last = null;
        // OrderBy is stable: the rows of one code keep their order (a plan's years).
        foreach (var row in rows.Where(r => after is null || string.CompareOrdinal(code(r), after) > 0).OrderBy(code, StringComparer.Ordinal))
        {
            var key = code(row);
            if (key != last)
            {
                // A code more than the page holds: there is a next page, after the last code given.
                if (codes == size) return new KeyPage<T>(page, last);
                codes++;
                last = key;
            }
            page.Add(row);
        }
        return new KeyPage<T>(page, null);
    }
}
