using System.Globalization;
using Beacon.Core.Plans;
using Beacon.Core.Values;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests;

public class ValueTextTests
{
    // Every value form printed in seeds/ and data/plans/, and what Beacon reads from it.
    // number: invariant text or null; prefix/suffix: the text around the number, spaces included.
    [Theory]
    [InlineData("≥99.5", ValueForm.Number, "99.5", Comparator.AtLeast, "", "", null, null)]
    [InlineData("≥100", ValueForm.Number, "100", Comparator.AtLeast, "", "", null, null)]
    [InlineData("≥99.65", ValueForm.Number, "99.65", Comparator.AtLeast, "", "", null, null)]
    [InlineData("≤266", ValueForm.Number, "266", Comparator.AtMost, "", "", null, null)]
    [InlineData("±10", ValueForm.Number, "10", Comparator.Within, "", "", null, null)]
    [InlineData("46.5", ValueForm.Number, "46.5", Comparator.None, "", "", null, null)]
    [InlineData("47.0", ValueForm.Number, "47.0", Comparator.None, "", "", null, null)]
    [InlineData("0", ValueForm.Number, "0", Comparator.None, "", "", null, null)]
    [InlineData("-1", ValueForm.Number, "-1", Comparator.None, "", "", null, null)]
    [InlineData("-1.5", ValueForm.Number, "-1.5", Comparator.None, "", "", null, null)]
    [InlineData("0.758", ValueForm.Number, "0.758", Comparator.None, "", "", null, null)]
    [InlineData("27,000,000", ValueForm.Number, "27000000", Comparator.None, "", "", null, null)]
    [InlineData("16600", ValueForm.Number, "16600", Comparator.None, "", "", null, null)]
    [InlineData("1900,000", ValueForm.Number, "1900000", Comparator.None, "", "", null, null)]
    [InlineData("累積啟動 19,661 戶", ValueForm.Number, "19661", Comparator.None, "累積啟動 ", " 戶", null, null)]
    [InlineData("5.75(13人)", ValueForm.Number, "5.75", Comparator.None, "", "(13人)", null, null)]
    [InlineData("4,143 (身障3,107+老人1,036)", ValueForm.Number, "4143", Comparator.None, "", "", "身障3,107+老人1,036", null)]
    [InlineData("88 (109年 7-12月)", ValueForm.Number, "88", Comparator.None, "", " (109年 7-12月)", null, null)]
    [InlineData("46 億元", ValueForm.Number, "46", Comparator.None, "", " 億元", null, null)]
    [InlineData("57.9 億元", ValueForm.Number, "57.9", Comparator.None, "", " 億元", null, null)]
    [InlineData("300 萬", ValueForm.Number, "300", Comparator.None, "", " 萬", null, null)]
    [InlineData("66 萬人次", ValueForm.Number, "66", Comparator.None, "", " 萬人次", null, null)]
    [InlineData("80（滿意度）", ValueForm.Number, "80", Comparator.None, "", "（滿意度）", null, null)]
    [InlineData("84.12 (109 年度)", ValueForm.Number, "84.12", Comparator.None, "", " (109 年度)", null, null)]
    [InlineData("無實際值", ValueForm.Missing, null, Comparator.None, "", "", null, "無實際值")]
    [InlineData("110年尚未調查完成，故無數據提供", ValueForm.Missing, null, Comparator.None, "", "", null, "110年尚未調查完成，故無數據提供")]
    [InlineData("數據由勞保局於每年3月間提供", ValueForm.Missing, null, Comparator.None, "", "", null, "數據由勞保局於每年3月間提供")]
    [InlineData("無", ValueForm.Missing, null, Comparator.None, "", "", null, "無")]
    [InlineData("", ValueForm.Missing, null, Comparator.None, "", "", null, "空白")]
    [InlineData("高於6都平均值", ValueForm.Qualitative, null, Comparator.None, "", "", null, null)]
    [InlineData("未高於6都平均值", ValueForm.Qualitative, null, Comparator.None, "", "", null, null)]
    public void Printed_value_is_read_as(string text, ValueForm form, string? number, Comparator comparator,
        string prefix, string suffix, string? breakdown, string? missingReason)
    {
        var expected = new ValueText(text, form, number is null ? null : decimal.Parse(number, CultureInfo.InvariantCulture),
            comparator, prefix, suffix, breakdown, missingReason);
        Assert.Equal(expected, ValueText.Parse(text));
    }

    [Fact]
    public void Breakdown_keeps_the_parts_of_the_total()
    {
        var value = ValueText.Parse("4,143 (身障3,107+老人1,036)");
        Assert.Equal(4143m, value.Number);
        Assert.Equal("身障3,107+老人1,036", value.Breakdown);
        Assert.Equal("4,143 (身障3,107+老人1,036)", value.Text);
    }

    [Fact]
    public void Head_count_in_brackets_is_a_suffix_not_a_breakdown()
    {
        // DP5.1 職業災害死亡百萬人率, target 5.75 (13 people): the rate is the value.
        var value = ValueText.Parse("5.75(13人)");
        Assert.Equal(5.75m, value.Number);
        Assert.Null(value.Breakdown);
    }

    [Fact]
    public void Year_remark_in_brackets_does_not_give_a_second_number()
    {
        // GC1.2 target: the number in the remark (12.8, the 108 base) is not the target.
        var value = ValueText.Parse("12.6 (109 年度, 以 108 年實際值 12.8 為計算基準)");
        Assert.Equal(12.6m, value.Number);
        Assert.Equal(" (109 年度, 以 108 年實際值 12.8 為計算基準)", value.Suffix);
    }

    [Fact]
    public void Six_city_average_targets_are_judged_not_computed()
    {
        // EP1.2: target 高於6都平均值, actual 未高於6都平均值; the 6 is part of the phrase.
        Assert.False(ValueText.Parse("高於6都平均值").HasNumber);
        Assert.Equal(ValueForm.Qualitative, ValueText.Parse("未高於6都平均值").Form);
    }

    [Fact]
    public void Two_figures_labelled_public_and_lottery_are_left_for_a_person_to_read()
    {
        // EF1.1 prints the execution rates of 公務 (public budget) and 公彩 (lottery fund) side by side. No single
        // number stands for both, so the value is qualitative: a reviewer judges it, nothing is scored silently.
        var target = ValueText.Parse("公務 82 公彩 82");
        Assert.Equal(new ValueText("公務 82 公彩 82", ValueForm.Qualitative, null, Comparator.None, "", "", null, null), target);
        Assert.Equal(ValueForm.Qualitative, ValueText.Parse("公務 78.39 公彩 100").Form);
        // A second figure inside brackets is a note, not a second value.
        Assert.Equal(88m, ValueText.Parse("88 (109年 7-12月)").Number);
    }

    [Fact]
    public void Cumulative_and_yearly_beds_glued_to_a_colon_give_no_number()
    {
        // GP4.3 prints 累計:268 144 (衛生局:100床 社會局:44床): cumulative 268, new this year 144.
        var value = ValueText.Parse("累計:268 144 (衛生局:100床 社會局:44床)");
        Assert.Equal(ValueForm.Qualitative, value.Form);
        Assert.Null(value.Number);
    }

    [Theory]
    [InlineData("−1", "-1")]   // U+2212 minus sign
    [InlineData("–2.5", "-2.5")] // en dash from PDF extraction
    [InlineData(">=90", "90")]
    [InlineData("≧90", "90")]
    public void Other_printed_signs_are_understood(string text, string number) =>
        Assert.Equal(decimal.Parse(number, CultureInfo.InvariantCulture), ValueText.Parse(text).Number);

    [Fact]
    public void Parse_never_throws_on_arbitrary_text()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), text =>
        {
            var value = ValueText.Parse(text);
            return value.Text == text && (value.Form == ValueForm.Number) == value.HasNumber;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_never_throws_on_text_made_of_value_characters()
    {
        // Random strings seldom look like values; these are built from what value cells are made of.
        var pieces = Gen.Elements("≥", "≤", "±", "+/-", "-", "−", "0", "1", "9", "12", ",", ".", " ", "(", ")", "（", "）",
            "+", "億元", "萬", "人", "無", "累積啟動", "年", "6都", ":");
        var texts = pieces.ListOf().Select(p => string.Concat(p));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var value = ValueText.Parse(text);
            return value.Text == text
                && (value.Form == ValueForm.Missing) == (value.MissingReason is not null)
                && (value.Comparator == Comparator.None || value.Form == ValueForm.Number);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Written_decimals_parse_back_to_the_same_number()
    {
        // Rounded first, so that writing it out loses nothing.
        Prop.ForAll(ArbMap.Default.ArbFor<decimal>().Convert(d => decimal.Round(d, 6), d => d), number =>
        {
            var text = number.ToString("#,0.######", CultureInfo.InvariantCulture);
            return ValueText.Parse(text).Number == number;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void A_number_too_large_for_decimal_does_not_throw()
    {
        var value = ValueText.Parse(new string('9', 40));
        Assert.False(value.HasNumber);
    }

    [Theory]
    [MemberData(nameof(Dataset.Files), MemberType = typeof(Dataset))]
    public void Every_value_and_budget_in_the_dataset_reads_as_a_form(string file)
    {
        var plan = Dataset.Load(file);
        foreach (var (kpi, part, value, _) in Dataset.Values(plan))
        {
            var parsed = ValueText.Parse(value.Text);
            Assert.True(parsed.Text == value.Text, $"{file} {kpi} {part} {value.Year}: text changed");
            Assert.True(Enum.IsDefined(parsed.Form), $"{file} {kpi} {value.Year}");
        }
        // Budgets are printed amounts or 無: never a sentence.
        var budgets = plan.Objectives.SelectMany(o => o.Kpis).SelectMany(k => k.ActionPlans)
            .SelectMany(a => a.Budgets.Select(b => (a.Code, b)));
        foreach (var (code, budget) in budgets)
            Assert.True(ValueText.Parse(budget.Text).Form != ValueForm.Qualitative, $"{file} {code} {budget.Year}: '{budget.Text}'");
    }

    [Fact]
    public void Dataset_has_value_texts_to_walk()
    {
        // Guards the walk above from passing on an empty dataset: TPE 2021 has 172 KPI rows of target and actual,
        // the DV centre 2022 has 20 KPIs with three actuals and three targets each.
        Assert.Equal(344, Dataset.Values(Dataset.Load("TPE-2021.json")).Count());
        Assert.Equal(120, Dataset.Values(Dataset.Load("TPE-DVPC-2022.json")).Count());
    }

    // Values of TPE 2021 that contain digits yet carry no number, and why.
    private static readonly Dictionary<(string Kpi, ValueKind Kind), (ValueForm Form, string Reason)> NoNumberIn2021 = new()
    {
        [("CC2.1", ValueKind.Actual)] = (ValueForm.Missing, "110年尚未調查完成，故無數據提供: the 110 survey was not finished"),
        [("CC2.2", ValueKind.Actual)] = (ValueForm.Missing, "110年尚未調查完成，故無數據提供: the 110 survey was not finished"),
        [("DP4.1", ValueKind.Actual)] = (ValueForm.Missing, "數據由勞保局於每年3月間提供: the Bureau of Labor Insurance delivers it in March"),
        [("GP4.3", ValueKind.Target)] = (ValueForm.Qualitative, "累計:268 144 (…): two figures, the first glued to 累計:"),
        [("GP4.3", ValueKind.Actual)] = (ValueForm.Qualitative, "累計:360 280 (…): two figures, the first glued to 累計:"),
        [("EF1.1", ValueKind.Target)] = (ValueForm.Qualitative, "公務 82 公彩 82: two figures, public budget and lottery fund"),
        [("EF1.1", ValueKind.Actual)] = (ValueForm.Qualitative, "公務 … 公彩 …: two figures, public budget and lottery fund"),
    };

    [Fact]
    public void Every_numeric_looking_target_and_actual_of_TPE_2021_has_a_number()
    {
        var plan = Dataset.Load("TPE-2021.json");
        var seenExceptions = new HashSet<(string, ValueKind)>();
        foreach (var (kpi, part, value, direction) in Dataset.Values(plan))
        {
            if (direction == Direction.Qualitative || !value.Text.Any(char.IsAsciiDigit)) continue;
            var parsed = ValueText.Parse(value.Text);
            if (NoNumberIn2021.TryGetValue((kpi, value.Kind), out var exception))
            {
                seenExceptions.Add((kpi, value.Kind));
                Assert.True(exception.Form == parsed.Form, $"{kpi} {value.Kind}: expected {exception.Form} ({exception.Reason}), got {parsed.Form}");
                continue;
            }
            Assert.True(parsed.HasNumber, $"{kpi} {part} {value.Year} {value.Kind}: '{value.Text}' has no number");
        }
        Assert.Equal(NoNumberIn2021.Keys.ToHashSet(), seenExceptions);
    }

    [Fact]
    public void The_only_qualitative_kpi_of_TPE_2021_is_EP1_2_and_it_has_no_numbers()
    {
        var plan = Dataset.Load("TPE-2021.json");
        var qualitative = Dataset.Values(plan).Where(v => v.Direction == Direction.Qualitative).ToList();
        Assert.All(qualitative, v => Assert.Equal("EP1.2", v.Kpi));
        Assert.Equal(["高於6都平均值", "未高於6都平均值"], qualitative.Select(v => v.Value.Text));
        Assert.All(qualitative, v => Assert.Equal(ValueForm.Qualitative, ValueText.Parse(v.Value.Text).Form));
    }
}
