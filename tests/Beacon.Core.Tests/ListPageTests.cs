using Beacon.Core;

namespace Beacon.Core.Tests;

public sealed class ListPageTests
{
    // The national year's summary: 902 organisations, 100 to a page.
    [Theory]
    //          rows  asked  size | page pages first last previous next
    [InlineData(902,  null,  100,   1,   10,   1,    100,  false,   true)]
    [InlineData(902,  2,     100,   2,   10,   101,  200,  true,    true)]
    [InlineData(902,  10,    100,   10,  10,   901,  902,  true,    false)]
    [InlineData(902,  11,    100,   10,  10,   901,  902,  true,    false)]   // past the last: the last
    [InlineData(902,  0,     100,   1,   10,   1,    100,  false,   true)]    // before the first: the first
    [InlineData(900,  9,     100,   9,   9,    801,  900,  true,    false)]   // an exact number of pages
    [InlineData(17,   null,  100,   1,   1,    1,    17,   false,   false)]   // a city: one page
    [InlineData(0,    3,     100,   1,   1,    0,    0,    false,   false)]   // nothing to show
    [InlineData(5,    2,     2,     2,   3,    3,    4,    true,    true)]
    [InlineData(5,    2,     0,     2,   5,    2,    2,    true,    true)]    // a size below one counts as one
    public void A_page_shows_its_rows_and_knows_its_neighbours(int rows, int? asked, int size,
        int number, int pages, int first, int last, bool previous, bool next)
    {
        var page = ListPage.Of(rows, asked, size);

        Assert.Equal((number, pages, first, last, previous, next), (page.Number, page.Pages, page.First, page.Last, page.HasPrevious, page.HasNext));
        Assert.Equal(first == 0 ? 0 : last - first + 1, Enumerable.Range(1, rows).Skip(page.Skip).Take(page.Size).Count());
    }

    // A pager of many pages: the first, the last, two either side of this one, "…" for what is left out.
    [Theory]
    //          rows  asked  size | numbers shown
    [InlineData(902,  1,     100,   "1 2 3 … 10")]
    [InlineData(902,  5,     100,   "1 2 3 4 5 6 7 … 10")]        // 2 is shown, not "…" for one page
    [InlineData(902,  6,     100,   "1 … 4 5 6 7 8 9 10")]
    [InlineData(902,  10,    100,   "1 … 8 9 10")]
    [InlineData(9020, 45,    100,   "1 … 43 44 45 46 47 … 91")]  // ten years of every plan at national scale
    [InlineData(500,  3,     100,   "1 2 3 4 5")]                 // few pages: all of them
    [InlineData(17,   1,     100,   "1")]
    [InlineData(0,    1,     100,   "1")]
    public void A_pager_shows_the_ends_and_the_pages_near_this_one(int rows, int asked, int size, string numbers)
    {
        var shown = ListPage.Of(rows, asked, size).Numbers();

        Assert.Equal(numbers, string.Join(' ', shown.Select(n => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…")));
    }
}
