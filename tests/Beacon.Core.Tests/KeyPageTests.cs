using Beacon.Core;

namespace Beacon.Core.Tests;

public sealed class KeyPageTests
{
    // Published plans as the open-data index lists them, organisation/year, in no particular order.
    private static readonly string[] Plans =
        ["TPE/2021", "TPE-DOL/2018", "KHH/2025", "TPE/2018", "TPE-SWD/2018", "KHH-SWD/2025", "TPE/2022", "TPE-DOL/2021"];

    [Theory]
    //          after       size | rows on the page                                      next after
    [InlineData(null,       2,     "KHH/2025 KHH-SWD/2025",                                "KHH-SWD")]
    [InlineData("KHH-SWD",  2,     "TPE/2021 TPE/2018 TPE/2022 TPE-DOL/2018 TPE-DOL/2021", "TPE-DOL")] // every plan of a code on one page
    [InlineData("TPE-DOL",  2,     "TPE-SWD/2018",                                         null)]      // the last page
    [InlineData("TPE-SWD",  2,     "",                                                     null)]      // after the last code: nothing
    [InlineData("TPE",      1,     "TPE-DOL/2018 TPE-DOL/2021",                            "TPE-DOL")] // ordinal: TPE before TPE-DOL
    [InlineData("A",        100,   "KHH/2025 KHH-SWD/2025 TPE/2021 TPE/2018 TPE/2022 TPE-DOL/2018 TPE-DOL/2021 TPE-SWD/2018", null)]
    [InlineData("KHH-CC",   1,     "KHH-SWD/2025",                                         "KHH-SWD")] // a code that is not there: the ones after it
    [InlineData(null,       0,     "KHH/2025",                                             "KHH")]     // a size below one counts as one
    public void A_page_holds_the_rows_of_the_next_codes_and_says_where_the_next_begins(string? after, int size, string rows, string? next)
    {
        var page = KeyPage.Of(Plans, p => p.Split('/')[0], after, size);

        Assert.Equal(rows, string.Join(' ', page.Rows));
        Assert.Equal(next, page.NextAfter);
    }

    [Fact]
    public void Following_the_pages_gives_every_row_once()
    {
        var all = new List<string>();
        string? after = null;
        do
        {
            var page = KeyPage.Of(Plans, p => p.Split('/')[0], after, 2);
            all.AddRange(page.Rows);
            after = page.NextAfter;
        } while (after is not null);

        // Each plan once, organisations in code order, each organisation's plans in the order they were given.
        Assert.Equal(["KHH/2025", "KHH-SWD/2025", "TPE/2021", "TPE/2018", "TPE/2022", "TPE-DOL/2018", "TPE-DOL/2021", "TPE-SWD/2018"], all);
    }
}
