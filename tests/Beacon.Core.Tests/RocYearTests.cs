using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests;

public class RocYearTests
{
    [Fact]
    public void Year_2021_is_ROC_110() => Assert.Equal(110, RocYear.FromGregorian(2021));

    [Fact]
    public void ROC_110_is_2021() => Assert.Equal(2021, RocYear.ToGregorian(110));

    [Fact]
    public void ROC_107_is_2018_the_year_of_the_Labor_and_Social_Welfare_plans() => Assert.Equal(2018, RocYear.ToGregorian(107));

    [Fact]
    public void Year_2021_reads_as_民國110年_in_Taiwanese_Chinese() =>
        Assert.Equal("民國110年", RocYear.Format(2021, CultureInfo.GetCultureInfo("zh-TW")));

    [Fact]
    public void Year_2021_reads_as_2021_in_English() =>
        Assert.Equal("2021", RocYear.Format(2021, CultureInfo.GetCultureInfo("en")));

    [Fact]
    public void Table_headers_read_111年_in_Chinese_and_2022_in_English()
    {
        Assert.Equal("111年", RocYear.FormatShort(2022, CultureInfo.GetCultureInfo("zh-TW")));
        Assert.Equal("2022", RocYear.FormatShort(2022, CultureInfo.GetCultureInfo("en-US")));
    }

    [Fact]
    public void Conversion_round_trips_every_year()
    {
        Prop.ForAll(Gen.Choose(1912, 2200).ToArbitrary(), year =>
            RocYear.ToGregorian(RocYear.FromGregorian(year)) == year && RocYear.FromGregorian(year) == year - 1911)
            .QuickCheckThrowOnFailure();
    }
}
