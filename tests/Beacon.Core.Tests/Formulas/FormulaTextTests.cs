using System.Text.Json;
using Beacon.Core.Formulas;

namespace Beacon.Core.Tests.Formulas;

public class FormulaTextTests
{
    [Theory]
    [InlineData("(依限完成派案評估之案件/通報件數)*100%", "[依限完成派案評估之案件] / [通報件數] * 100")]
    [InlineData("(實體完訓人數/全體應受訓人數)*100%", "[實體完訓人數] / [全體應受訓人數] * 100")]
    [InlineData("一再陳情改善家數/一再陳情家數 x 100%", "[一再陳情改善家數] / [一再陳情家數] * 100")]
    [InlineData("(當年度通報案件中為過去1年內結案之件數/當年度通報案件數)*100%", "[當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] * 100")]
    [InlineData("(性侵害案件開案後14個日曆天內完成評估件數 / 開案件數) *100", "[性侵害案件開案後14個日曆天內完成評估件數] / [開案件數] * 100")]
    [InlineData("年度實際辦理道路維護改善面積/年度預定辦理道路維護改善面積 × 100%", "[年度實際辦理道路維護改善面積] / [年度預定辦理道路維護改善面積] * 100")]
    [InlineData("實施雙語實驗課程校數/本市國中小校數x100%", "[實施雙語實驗課程校數] / [本市國中小校數] * 100")]
    [InlineData("[佈桶監測次數/蟲媒傳染病件數]*100%", "[佈桶監測次數] / [蟲媒傳染病件數] * 100")]
    [InlineData("已完成訓練數/應完成訓練數", "[已完成訓練數] / [應完成訓練數]")]
    [InlineData("(納入定期會議討論案件數/符合列管指標案件)", "[納入定期會議討論案件數] / [符合列管指標案件]")]
    [InlineData("可線上完成受理 / 總案件數", "[可線上完成受理] / [總案件數]")]
    [InlineData("25 至 29 歲失業者人數 / 25 至 29 歲勞動力人口數 *100%", "[25 至 29 歲失業者人數] / [25 至 29 歲勞動力人口數] * 100")]
    [InlineData("填答「滿意」以上之問卷數/全部問卷數", "[填答「滿意」以上之問卷數] / [全部問卷數]")]
    [InlineData("（實體完訓人數／全體應受訓人數）＊100％", "[實體完訓人數] / [全體應受訓人數] * 100")]
    public void Plain_printed_ratio_converts_to_a_structured_formula(string printed, string structured)
    {
        Assert.Equal(structured, FormulaText.TryConvertRatio(printed));
    }

    [Fact]
    public void Bare_ratio_with_a_percent_unit_gets_the_times_100_its_targets_are_written_in()
    {
        // 臺北市 110, CL1.2 宗教基礎知識研習課程完訓率: printed without × 100, unit %, target 98.
        Assert.Equal("[參訓人數] / [民政局暨各區公所承辦宗教業務同仁數] * 100",
            FormulaText.TryConvertRatio("參訓人數/民政局暨各區公所承辦宗教業務同仁數", "%"));
        Assert.Equal("[參訓人數] / [民政局暨各區公所承辦宗教業務同仁數]",
            FormulaText.TryConvertRatio("參訓人數/民政局暨各區公所承辦宗教業務同仁數"));
        Assert.Equal("[參訓人數] / [同仁數]", FormulaText.TryConvertRatio("參訓人數/同仁數", "人"));
    }

    [Fact]
    public void Printed_times_100_is_not_doubled_by_a_percent_unit()
    {
        Assert.Equal("[依限完成派案評估之案件] / [通報件數] * 100",
            FormulaText.TryConvertRatio("(依限完成派案評估之案件/通報件數)*100%", "％"));
    }

    [Fact]
    public void Average_of_rates_keeps_the_scale_of_its_rates_even_with_a_percent_unit()
    {
        // 臺北市 110, DP3.2: target 26.0 (%), the growth rates are entered in percent already.
        Assert.Equal("[各商圈計畫參與輔導活動店家營業額成長率總和] / [各商圈計畫數]",
            FormulaText.TryConvertRatio("各商圈計畫參與輔導活動店家營業額成長率總和/各商圈計畫數", "%"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("工程進度", "no ratio")]
    [InlineData("(實體完訓人數/全體應受訓人數)*100% 註1：員工為職員及約聘僱人員 註2：人數以當年度11月底之在職人數計算", "notes")]
    [InlineData("(查詢案件-無正當理由查詢案件)/(查詢案件)*100%", "difference")]
    [InlineData("失業者 / (失業者 + 就業者) *100%", "sum in the denominator")]
    [InlineData("(非常願意+願意) / (總樣本數)", "sum in the numerator")]
    [InlineData("本年度預算執行數(實際執行數+保留數)/可用預算數*100%", "parenthesised breakdown in a name")]
    [InlineData("(合格家數(件)/查核家數(件))*100%", "units in parentheses")]
    [InlineData("家庭用水量/用水人口數 /抄表日數", "two divisions")]
    [InlineData("使用人次/年", "per year is a unit, not an input")]
    [InlineData("實際參訓人數/220 人", "a constant, not an input")]
    [InlineData("水庫水源利用率 = 歷年水庫利用水量 / 歷年水庫放水量 × 100%", "a label with =")]
    [InlineData("(本市重大職災死亡人數/本市勞工保險適用職安法勞工投保人數)*10⁶", "a scale other than 100")]
    [InlineData("(一年內之新生兒人數/年中人口數)x1000(‰)", "per mille")]
    [InlineData("全年自殺死亡人數 *100,000/年中人口數", "multiplication inside")]
    [InlineData("店家平均銷售額 x 展售會攤位數/場次", "a printed multiplication sign inside a name")]
    [InlineData("168 專案審議通過件數/168 專案申請件數 (權重：50%)", "a weight note")]
    [InlineData("保護資訊系統進減數/警政受理性侵害刑事案件總數)*100%", "unbalanced parenthesis")]
    [InlineData("接受服務兒少人數/家內(第1類)調查人數。", "parenthesised note and full stop")]
    [InlineData("〔當學年度 2-5 歲設籍本市且就讀於教保服務機構之人數〕 / 〔當學年度 2-5 歲設籍本市人數〕", "a dash in the names")]
    [InlineData("政策民調知曉度總和/政策項數*100%", "rates summed, then times 100: the scale is ambiguous")]
    [InlineData("開案件數/開案件數", "the same name twice")]
    [InlineData("[B/A]*20%+[(B+C)/A]*80% A:東區門戶計畫各子計畫總案件數", "placeholders")]
    public void Anything_but_a_plain_ratio_is_not_converted(string printed, string why)
    {
        Assert.True(FormulaText.TryConvertRatio(printed) is null, why);
    }

    // Every KPI (and KPI part) formula in data/plans/ that converts, given the KPI's unit, with what it converts
    // to: 53 of the 184 formulas (52 KPIs and one part of FF1.1; parts carry no expression, so the data holds 52).
    // Everything else printed there (sums, differences, notes, breakdowns in parentheses, point schemes, counts,
    // per-capita scales) stays text. HL1.1 prints no unit, so the converter leaves its ratio a fraction; the dataset's
    // expression has the × 100 its targets (90) are written in, added by hand (docs/data-notes.md).
    private static readonly (string Where, string Structured)[] Converted =
    [
        ("TPE-2021.json AP1.1", "[一再陳情改善家數] / [一再陳情家數] * 100"),
        ("TPE-2021.json AP4.4", "[累計年度改良面積] / [預定改良面積] * 100"),
        ("TPE-2021.json AP5.4", "[指標類群種數淨變化量] / [前一次調查指標類群之物種數] * 100"),
        ("TPE-2021.json AL1.1", "[本組各機關訓練計畫執行班期數] / [各局處訓練計畫規劃班期數] * 100"),
        ("TPE-2021.json BC3.4", "[提供儀表板應用項目之一級機關數] / [一級機關總數] * 100"),
        ("TPE-2021.json BP3.1", "[全年漏水損失水量] / [全年總配水量] * 100"),
        ("TPE-2021.json BP3.2", "[當年度計畫累積執行工作量] / [總計畫工作量] * 100"),
        ("TPE-2021.json BP3.5", "[享有廢污水處理累計之人口數] / [城市人口數] * 100"),
        ("TPE-2021.json BP3.6", "[年度實際辦理道路維護改善面積] / [年度預定辦理道路維護改善面積] * 100"),
        ("TPE-2021.json BP3.7", "[年度實際手作步道改善長度] / [年度預計手作步道改善長度] * 100"),
        ("TPE-2021.json CL1.2", "[參訓人數] / [民政局暨各區公所承辦宗教業務同仁數] * 100"),
        ("TPE-2021.json CL1.3", "[111 年底前通過外語檢定人數] / [機關預算員額] * 100"),
        ("TPE-2021.json DC1.2", "[25 至 29 歲失業者人數] / [25 至 29 歲勞動力人口數] * 100"),
        ("TPE-2021.json DC3.1", "[填答「滿意」以上之問卷數] / [全部問卷數] * 100"),
        ("TPE-2021.json DC3.2", "[填答「滿意」以上之問卷數] / [全部問卷數] * 100"),
        ("TPE-2021.json DP3.2", "[各商圈計畫參與輔導活動店家營業額成長率總和] / [各商圈計畫數]"),
        ("TPE-2021.json DP4.1", "[男性初次核付育嬰留職停薪津貼人數] / [初次核付育嬰留職停薪津貼人數] * 100"),
        ("TPE-2021.json DP4.2", "[當年度已設置家數] / [當年度應設置家數] * 100"),
        ("TPE-2021.json DP4.3", "[學員專案檢定合格發證數] / [學員專案檢定到檢人數] * 100"),
        ("TPE-2021.json DL1.1", "[本組各局處參與專業職能訓練或赴國內外參與考察或研習活動人次] / [本組各局處規劃參與專業職能訓練或赴國內外參與考察或研習活動人次] * 100"),
        ("TPE-2021.json EC1.1", "[有效就業人數] / [新登記求職人數] * 100"),
        ("TPE-2021.json EC3.1", "[關懷訪視總人數] / [當年度新移民總人數] * 100"),
        ("TPE-2021.json EP1.1", "[本市公辦民營、準公共化托嬰機構及居家保母核收未滿2歲兒童數] / [本市總托育供給量] * 100"),
        ("TPE-2021.json FC1.3", "[集中式特教班服務群科應屆畢業就業學生人數] / [集中式特教班服務群科應屆畢業學生數] * 100"),
        ("TPE-2021.json FP1.2", "[當年度公共安全稽查合格園數] / [當年度實施公共安全稽查總園數] * 100"),
        ("TPE-2021.json FP2.2", "[當年度與前一年度與學校合作大專校院、社區、產業數目之相差家數] / [前一年度與學校合作大專校院、社區、產業家數] * 100"),
        ("TPE-2021.json FP3.1", "[實施雙語實驗課程校數] / [本市國中小校數] * 100"),
        ("TPE-2021.json FP3.2", "[當年度參與國際教育課程或交流學校數] / [當年度本市學校數] * 100"),
        ("TPE-2021.json FL1.1", "[當年度實際參加研習教師數] / [預訂開課參加教師] * 100"),
        ("TPE-2021.json FF1.1 自營運動場館整建工程預算執行", "[自營運動場館整建工程單位預算支出數] / [自營運動場館整建工程單位預算數] * 100"),
        ("TPE-2021.json GC2.1", "[衛生單位實際發布食安通報事件之件數] / [通報事件有違反食品安全衛生管理法達媒體新聞分級第三級及第四級之件數] * 100"),
        ("TPE-2021.json GP1.2", "[佈桶監測次數] / [蟲媒傳染病件數] * 100"),
        ("TPE-2021.json GP2.2", "[醫療、就業、社福、社區、高風險等相關轉介人數] / [列管總人數] * 100"),
        ("TPE-2021.json GP6.1", "[所有送醫 OHCA 患者存活出院件數] / [所有送醫 OHCA 件數] * 100"),
        ("TPE-2021.json GP6.2", "[國軍實際支援兵力] / [兵力需求總數] * 100"),
        ("TPE-2021.json HP1.1", "[開放資料集全數取得金標章之機關] / [開放資料之機關總數] * 100"),
        ("TPE-2021.json HP2.1", "[法務局法規委員會審議通過之市法規數] / [法務局法規委員會審議之市法規數] * 100"),
        ("TPE-2021.json HP3.1", "[可線上完成受理] / [總案件數] * 100"),
        ("TPE-2021.json HP3.2", "[紙本來文轉線上簽核數] / [紙本來文收文總數] * 100"),
        ("TPE-2021.json HP3.3", "[使用機關數] / [本府機關數] * 100"),
        ("TPE-2021.json HP4.1", "[自籌財源] / [歲入] * 100"),
        ("TPE-2021.json HL1.1", "[已完成訓練數] / [應完成訓練數]"),
        ("TPE-2021.json HF1.1", "[當年度歲入累計實收數] / [當年度歲入預算數] * 100"),
        ("TPE-DVPC-2022.json AC1.1", "[當年度通報案件中為過去1年內結案之件數] / [當年度通報案件數] * 100"),
        ("TPE-DVPC-2022.json AC2.1", "[依限完成派案評估之案件] / [通報件數] * 100"),
        ("TPE-DVPC-2022.json BC1.1", "[性侵害案件開案後14個日曆天內完成評估件數] / [開案件數] * 100"),
        ("TPE-DVPC-2022.json BC1.2", "[12歲以下或全齡心智障礙之性侵害被害人有使用性侵害防治易讀手冊人數] / [12歲以下或全齡心智障礙之性侵害被害人總數] * 100"),
        ("TPE-DVPC-2022.json BC1.3", "[因家內性侵害而安置之結束安置或結束後追達積極結案人數] / [因家內性侵害而安置之結束安置或結束後追人數] * 100"),
        ("TPE-DVPC-2022.json BC3.1", "[納入定期會議討論案件數] / [符合列管指標案件] * 100"),
        ("TPE-DVPC-2022.json BC4.1", "[6歲以上18歲以下在學中目睹家暴兒少轉知教育單位數] / [6歲以上 18歲以下在學中目睹家暴兒少數] * 100"),
        ("TPE-DVPC-2022.json BC4.2", "[家暴高危機案件 6 歲以下目睹家暴兒少面訪評估案件數] / [家暴高危機案件有 6 歲以下目睹家暴兒少案件數] * 100"),
        ("TPE-DVPC-2022.json AP1.1", "[兒少及心智障礙者進入性侵害案件減少被害人重複陳述作業件數] / [兒少及心智障礙者性侵害案件進行訊前訪視評估案件總數] * 100"),
        ("TPE-DVPC-2022.json TL1.1", "[各組辦理同儕經驗分享團督次數] / [督導人數] * 100"),
    ];

    [Fact]
    public void Dataset_formulas_that_convert_are_exactly_the_plain_ratios()
    {
        var converted = new List<(string Where, string Structured)>();
        foreach (var file in Dataset.FileNames)
        {
            using var plan = JsonDocument.Parse(File.ReadAllText(Dataset.PathOf(file)));
            foreach (var objective in plan.RootElement.GetProperty("objectives").EnumerateArray())
            foreach (var kpi in objective.GetProperty("kpis").EnumerateArray())
            {
                var code = kpi.GetProperty("code").GetString();
                var unit = TextOf(kpi, "unit");
                if (TextOf(kpi, "formula") is { } formula && FormulaText.TryConvertRatio(formula, unit) is { } structured)
                    converted.Add(($"{file} {code}", structured));
                if (!kpi.TryGetProperty("parts", out var parts)) continue;
                foreach (var part in parts.EnumerateArray())
                    if (TextOf(part, "formula") is { } partFormula && FormulaText.TryConvertRatio(partFormula, unit) is { } partStructured)
                        converted.Add(($"{file} {code} {TextOf(part, "name")}", partStructured));
            }
        }
        Assert.Equal(Converted, converted);
    }

    [Fact]
    public void Every_converted_dataset_formula_reads_as_a_ratio_of_two_inputs()
    {
        foreach (var (where, structured) in Converted)
        {
            var formula = Formula.Parse(structured).Formula;
            Assert.True(formula is not null, where);
            Assert.Equal(2, formula.Inputs.Count);
            var value = formula.Evaluate(new Dictionary<string, decimal> { [formula.Inputs[0]] = 1m, [formula.Inputs[1]] = 4m }).Value;
            Assert.True(value is 0.25m or 25m, $"{where}: {value}");
        }
    }

    // The expressions stored in the dataset: what the converter gives, except where a person corrected it.
    private static readonly Dictionary<string, string> CorrectedByHand = new()
    {
        ["TPE-2021.json HL1.1"] = "[已完成訓練數] / [應完成訓練數] * 100",
    };

    // Expressions whose value is not 100 when the two inputs are equal, and why.
    private static readonly Dictionary<string, string> NotAPercentOfEqualInputs = new()
    {
        ["TPE-2021.json DP3.2"] = "a sum of growth rates (already in percent) over the number of districts: the mean rate, target 26.0",
    };

    [Fact]
    public void Dataset_expressions_are_the_conversions_and_the_hand_corrections()
    {
        var stored = ExpressionsOfTheDataset().ToList();

        Assert.Equal(52, stored.Count);
        var expected = Converted.Where(c => stored.Any(s => s.Where == c.Where))
            .Select(c => (c.Where, CorrectedByHand.GetValueOrDefault(c.Where, c.Structured)));
        Assert.Equal(expected, stored.Select(s => (s.Where, s.Expression)));
    }

    [Fact]
    public void Dataset_expressions_give_their_value_in_the_scale_of_the_targets()
    {
        // A percent KPI (targets such as 90 or 73.07) must compute 100 when its two inputs are equal; a bare ratio would
        // give 1 and every rate would come out at about 1 % of target.
        foreach (var (where, expression, targets) in ExpressionsOfTheDataset())
        {
            var formula = Formula.Parse(expression).Formula!;
            var value = formula.Evaluate(formula.Inputs.ToDictionary(n => n, _ => 7m)).Value;
            if (NotAPercentOfEqualInputs.ContainsKey(where))
                Assert.Equal(1m, value);
            else
            {
                Assert.True(value == 100m, $"{where}: {expression} gives {value} for equal inputs; targets {string.Join(", ", targets)}");
                Assert.All(targets, t => Assert.InRange(t, -100m, 200m));
            }
        }
    }

    private static IEnumerable<(string Where, string Expression, List<decimal> Targets)> ExpressionsOfTheDataset()
    {
        foreach (var file in Dataset.FileNames)
        foreach (var objective in Dataset.Load(file).Objectives)
        foreach (var kpi in objective.Kpis)
            if (kpi.Expression is { } expression)
                yield return ($"{file} {kpi.Code}", expression,
                    [.. kpi.Values.Where(v => v.Kind == Beacon.Core.Plans.ValueKind.Target)
                        .Select(v => Beacon.Core.Values.ValueText.Parse(v.Text).Number).OfType<decimal>()]);
    }

    private static string? TextOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
