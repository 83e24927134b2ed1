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
}
