using System.Globalization;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;
using Beacon.Web.Data;

namespace Beacon.Web.Features.Generate;

/// <summary>What <see cref="NationalDataset"/> makes: how many cities and counties, agencies under each, KPIs in all, which year.</summary>
public sealed record NationalOptions(int Seed = 2025, int Year = 2025, int Cities = 22, int AgenciesPerCity = 40, int Kpis = 30_000);

/// <summary>One generated plan and the status it is stored with.</summary>
public sealed record GeneratedPlan(PlanDocument Document, PlanStatus Status);

/// <summary>
/// A synthetic national dataset in the interchange format, for load and scale tests: Taiwan's 22 cities and counties,
/// each with its city plan (8 themes, about 150 KPIs) and its agencies' plans (社會局, 勞動局 … about 30 KPIs each,
/// some serving the city's KPIs), every KPI with ten years of targets and actuals, monthly progress values for the plan
/// year, action plans with budgets and bi-monthly milestones, objective links, self-assessments and, for plans in or
/// past review, reviews. Most plans are approved; some are drafts, submitted, under review or returned. The same seed
/// gives the same dataset. Nothing in it is real beyond the names of the cities and of the kinds of agencies.
/// </summary>
public static class NationalDataset
{
    private static readonly (string Code, string Name, string NameEn)[] CityList =
    [
        ("TPE", "臺北市政府", "Taipei City Government"), ("NWT", "新北市政府", "New Taipei City Government"),
        ("TAO", "桃園市政府", "Taoyuan City Government"), ("TXG", "臺中市政府", "Taichung City Government"),
        ("TNN", "臺南市政府", "Tainan City Government"), ("KHH", "高雄市政府", "Kaohsiung City Government"),
        ("KEE", "基隆市政府", "Keelung City Government"), ("HSZ", "新竹市政府", "Hsinchu City Government"),
        ("CYI", "嘉義市政府", "Chiayi City Government"), ("HSQ", "新竹縣政府", "Hsinchu County Government"),
        ("MIA", "苗栗縣政府", "Miaoli County Government"), ("CHA", "彰化縣政府", "Changhua County Government"),
        ("NAN", "南投縣政府", "Nantou County Government"), ("YUN", "雲林縣政府", "Yunlin County Government"),
        ("CYQ", "嘉義縣政府", "Chiayi County Government"), ("PIF", "屏東縣政府", "Pingtung County Government"),
        ("ILA", "宜蘭縣政府", "Yilan County Government"), ("HUA", "花蓮縣政府", "Hualien County Government"),
        ("TTT", "臺東縣政府", "Taitung County Government"), ("PEN", "澎湖縣政府", "Penghu County Government"),
        ("KIN", "金門縣政府", "Kinmen County Government"), ("LIE", "連江縣政府", "Lienchiang County Government"),
    ];

    private static readonly (string Code, string Name, string NameEn)[] AgencyList =
    [
        ("SWD", "社會局", "Department of Social Welfare"), ("DOL", "勞動局", "Department of Labor"), ("DOH", "衛生局", "Department of Health"),
        ("DOE", "教育局", "Department of Education"), ("DEP", "環境保護局", "Department of Environmental Protection"),
        ("DOT", "交通局", "Department of Transportation"), ("PD", "警察局", "Police Department"), ("FD", "消防局", "Fire Department"),
        ("PWD", "工務局", "Public Works Department"), ("UDD", "都市發展局", "Department of Urban Development"),
        ("DCA", "文化局", "Department of Cultural Affairs"), ("DOF", "財政局", "Department of Finance"),
        ("DBAS", "主計處", "Department of Budget, Accounting and Statistics"), ("DOP", "人事處", "Department of Personnel"),
        ("DCSE", "政風處", "Department of Civil Service Ethics"), ("DLA", "法務局", "Department of Legal Affairs"),
        ("DCV", "民政局", "Department of Civil Affairs"), ("DLAD", "地政局", "Department of Land Administration"),
        ("DOED", "產業發展局", "Department of Economic Development"), ("DOIT", "資訊局", "Department of Information Technology"),
        ("RDEC", "研究發展考核委員會", "Research, Development and Evaluation Commission"), ("DMS", "兵役局", "Department of Military Service"),
        ("IPC", "原住民族事務委員會", "Indigenous Peoples Commission"), ("HAC", "客家事務委員會", "Hakka Affairs Commission"),
        ("DOS", "體育局", "Department of Sports"), ("DYD", "青年局", "Department of Youth Development"),
        ("APO", "動物保護處", "Animal Protection Office"), ("DORTS", "捷運工程局", "Department of Rapid Transit Systems"),
        ("WD", "自來水事業處", "Water Department"), ("PSLO", "公園路燈工程管理處", "Parks and Street Lights Office"),
        ("SEO", "衛生下水道工程處", "Sewerage Engineering Office"), ("MAO", "市場處", "Market Administration Office"),
        ("FPO", "殯葬管理處", "Funeral Parlor Office"), ("TOU", "觀光傳播局", "Department of Information and Tourism"),
        ("DGS", "秘書處", "Secretariat"), ("RSO", "地方稅稽徵處", "Revenue Service Office"), ("HO", "住宅處", "Housing Office"),
        ("GEO", "性別平等辦公室", "Gender Equality Office"), ("URO", "都市更新處", "Urban Regeneration Office"),
        ("PTO", "公共運輸處", "Public Transportation Office"),
    ];

    private static readonly string[] CityThemes = ["營造永續環境", "健全都市發展", "發展多元文化", "優化產業勞動", "強化社會支持", "打造優質教育", "精進健康安全", "精實良善治理"];
    private static readonly string[] AgencyThemes = ["強化服務量能", "精進業務流程", "深化跨域合作", "推動數位治理", "落實公平正義", "擴大民眾參與", "提升專業知能", "健全財務管理"];
    private static readonly string[] Verbs = ["提升", "強化", "精進", "推動", "擴大", "落實", "健全", "優化"];
    private static readonly string[] Subjects = ["市民", "弱勢家庭", "長者", "兒少", "身障者", "青年", "勞工", "中小企業", "社區", "學生", "旅客", "新住民", "原住民族", "志工", "同仁"];
    private static readonly string[] Outcomes = ["服務品質", "生活安全", "就業機會", "照顧量能", "參與程度", "滿意度", "資訊透明", "環境品質", "防災韌性", "數位服務"];
    private static readonly string[] Metrics = ["服務涵蓋率", "滿意度", "完成率", "參與人次", "結案率", "申辦件數", "平均處理天數", "通報率", "達成率", "使用率"];
    private static readonly string[] Actions = ["推動計畫", "服務方案", "精進措施", "輔導計畫", "宣導活動", "數位化專案", "評核機制", "培訓課程"];
    private static readonly string[] Divisions = ["綜合企劃科", "第一科", "第二科", "第三科", "秘書室", "會計室", "人事室", "資訊室"];
    private static readonly string[] Tasks = ["擬訂計畫", "辦理說明會", "執行服務", "期中檢討", "成果彙整", "年度評核"];
    private static readonly (PerspectiveKind Kind, string Code, string Name)[] PerspectiveList =
        [(PerspectiveKind.Customer, "C", "顧客"), (PerspectiveKind.Process, "P", "內部流程"), (PerspectiveKind.Learning, "L", "學習成長"), (PerspectiveKind.Financial, "F", "財務")];

    /// <summary>The organisation codes of the first <paramref name="cities"/> cities, in the order they are generated.</summary>
    public static IEnumerable<string> CityCodes(int cities) => CityList.Take(cities).Select(c => c.Code);

    public static IEnumerable<GeneratedPlan> Generate(NationalOptions options)
    {
        if (options.Cities is < 1 or > 22) throw new ArgumentOutOfRangeException(nameof(options), "there are 1 to 22 cities and counties");
        if (options.AgenciesPerCity is < 0 or > 40) throw new ArgumentOutOfRangeException(nameof(options), "there are 0 to 40 agencies per city");
        var random = new Random(options.Seed);
        var agencies = options.Cities * options.AgenciesPerCity;
        // About a ninth of the KPIs are the cities' (Taipei's 2021 plan has 162), the rest the agencies'.
        var cityKpis = Math.Max(8, options.AgenciesPerCity == 0 ? options.Kpis / options.Cities : options.Kpis / 9 / options.Cities);
        var agencyKpis = agencies == 0 ? 0 : Math.Max(1, (options.Kpis - cityKpis * options.Cities) / agencies);
        var extra = agencies == 0 ? 0 : Math.Max(0, options.Kpis - cityKpis * options.Cities - agencyKpis * agencies);
        var agencyIndex = 0;
        foreach (var city in CityList.Take(options.Cities))
        {
            var cityDoc = Plan(random, options.Year, new OrganisationDoc { Code = city.Code, Name = city.Name, NameEn = city.NameEn, Kind = OrganisationKind.City },
                cityKpis, isCity: true, cityPlan: null, out var cityStatus);
            yield return new GeneratedPlan(cityDoc, cityStatus);
            foreach (var agency in AgencyList.Take(options.AgenciesPerCity))
            {
                var count = agencyKpis + (agencyIndex++ < extra ? 1 : 0);
                var organisation = new OrganisationDoc
                {
                    Code = $"{city.Code}-{agency.Code}", Name = city.Name + agency.Name, ShortName = agency.Name, NameEn = agency.NameEn,
                    Kind = OrganisationKind.Agency, Parent = city.Code,
                };
                var doc = Plan(random, options.Year, organisation, count, isCity: false, cityDoc, out var status);
                yield return new GeneratedPlan(doc, status);
            }
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> list) => list[random.Next(list.Count)];

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static PlanDocument Plan(Random random, int year, OrganisationDoc organisation, int kpiCount, bool isCity, PlanDocument? cityPlan, out PlanStatus status)
    {
        // Cities' plans are approved (their agencies' pages cite them); agencies' are mostly approved.
        var roll = random.Next(100);
        status = isCity || roll < 85 ? PlanStatus.Approved : roll < 90 ? PlanStatus.Draft : roll < 94 ? PlanStatus.Submitted : roll < 98 ? PlanStatus.UnderReview : PlanStatus.Returned;
        var reviewed = status is PlanStatus.Approved or PlanStatus.UnderReview;

        var themeCount = isCity ? 8 : 3 + random.Next(3);
        var themes = Enumerable.Range(0, themeCount).Select(i => new ThemeDoc
        {
            Code = ((char)('A' + i)).ToString(),
            Name = isCity ? CityThemes[i] : AgencyThemes[(i + random.Next(AgencyThemes.Length)) % AgencyThemes.Length],
            CityTheme = !isCity && random.Next(2) == 0 ? ((char)('A' + random.Next(8))).ToString() : null,
            Lead = isCity ? Pick(random, AgencyList).Name : null,
            Members = isCity ? [.. Enumerable.Range(0, 2).Select(_ => Pick(random, AgencyList).Name).Distinct()] : [],
        }).ToList();

        // Objectives: one or two per theme and perspective, and shared ones (TC1, TL1, TF1) across the themes.
        var cells = new List<(string Theme, (PerspectiveKind Kind, string Code, string Name) Perspective, int Count)>();
        foreach (var theme in themes)
            foreach (var perspective in PerspectiveList)
                cells.Add((theme.Code, perspective, 1 + (isCity && random.Next(3) == 0 ? 1 : 0)));
        var cityObjectives = cityPlan?.Objectives.Select(o => o.Code).ToList() ?? [];
        var cityKpis = cityPlan?.Objectives.SelectMany(o => o.Kpis).Select(k => k.Code).ToList() ?? [];
        var objectiveCodes = new List<(string Code, string Name, string? CityObjective)>();
        foreach (var (theme, perspective, count) in cells)
            for (var n = 1; n <= count; n++)
                objectiveCodes.Add(($"{theme}{perspective.Code}{n}", $"{Pick(random, Verbs)}{Pick(random, Subjects)}{Pick(random, Outcomes)}",
                    cityObjectives.Count > 0 && random.Next(10) < 3 ? Pick(random, cityObjectives) : null));
        objectiveCodes.Add(("TC1", "提升市民滿意度", null));
        objectiveCodes.Add(("TL1", "提升同仁專業知能", null));
        objectiveCodes.Add(("TF1", "提升預算執行效能", null));

        // KPIs spread over the objectives, each objective at least one while they last.
        var perObjective = new int[objectiveCodes.Count];
        for (var i = 0; i < kpiCount; i++) perObjective[i < perObjective.Length ? i : random.Next(perObjective.Length)]++;

        var objectives = objectiveCodes.Select((o, i) => new ObjectiveDoc
        {
            Code = o.Code,
            Name = o.Name,
            Ksf = random.Next(3) == 0 ? $"{Pick(random, Verbs)}跨域合作" : null,
            CityObjective = o.CityObjective,
            Kpis = [.. Enumerable.Range(1, perObjective[i]).Select(n => Kpi(random, year, $"{o.Code}.{n}", reviewed, cityKpis))],
        }).ToList();

        var links = new List<LinkDoc>();
        foreach (var theme in themes)
        {
            string? Of(char perspective) => objectives.FirstOrDefault(o => o.Code[0] == theme.Code[0] && o.Code[1] == perspective)?.Code;
            foreach (var (from, to) in new[] { ('L', 'P'), ('F', 'P'), ('P', 'C') })
                if (Of(from) is { } a && Of(to) is { } b) links.Add(new LinkDoc { From = a, To = b });
        }

        return new PlanDocument
        {
            Format = PlanDocument.FormatName,
            FormatVersion = PlanDocument.CurrentVersion,
            Organisation = organisation,
            Year = year,
            Title = $"{organisation.Name} {year - Beacon.Core.RocYear.Offset}年度策略地圖與平衡計分卡",
            Mission = isCity ? "為市民服務，替城市創新" : $"提供優質{Pick(random, Outcomes)}",
            Vision = isCity ? "成為宜居永續城市" : $"{Pick(random, Subjects)}信賴的{organisation.ShortName}",
            CoreValues = ["誠信", "專業", "創新", "關懷"],
            Approvals = [new ApprovalDoc { Date = new DateOnly(year - 1, 12, 1 + random.Next(28)), Body = $"第 {2000 + random.Next(500)} 次市政會議", Description = "通過" }],
            Perspectives = [.. PerspectiveList.Select(p => new PerspectiveDoc { Code = p.Code, Kind = p.Kind, Name = p.Name })],
            Themes = themes,
            Objectives = objectives,
            Links = links,
            Evaluation = random.Next(20) == 0
                ? new EvaluationSettingsDoc { Weights = new WeightsDoc(0.3m, 0.2m, 0.3m, 0.2m), Bands = new BandsDoc(90m, 80m, 70m), BandRule = BandRule.Proportional }
                : null,
        };
    }

    private static KpiDoc Kpi(Random random, int year, string code, bool reviewed, List<string> cityKpis)
    {
        var roll = random.Next(100);
        var direction = roll < 62 ? Direction.Positive : roll < 82 ? Direction.Negative : roll < 85 ? Direction.Band : Direction.Qualitative;
        var inParts = direction == Direction.Positive && random.Next(100) < 6;
        var formula = direction == Direction.Positive && !inParts && random.Next(100) < 12;
        var rate = direction is Direction.Positive or Direction.Negative && random.Next(2) == 0;
        var unit = direction == Direction.Qualitative ? null : rate ? "%" : Pick(random, (string[])["人次", "件", "小時", "天", "場次"]);
        var level = rate ? 50m + random.Next(45) : 10m + random.Next(5000);
        var missingActual = random.Next(100) < 8;

        string Target(int y) => direction switch
        {
            Direction.Qualitative => "高於6都平均值",
            Direction.Band => "±10",
            Direction.Negative => Number(Math.Round(level * (1m - 0.02m * (y - year + 9)), 1)),
            _ => (random.Next(10) == 0 ? "≥" : "") + Number(Math.Round(level * (1m + 0.02m * (y - year + 9)), 1)),
        };
        string Actual(int y) => direction switch
        {
            Direction.Qualitative => random.Next(4) == 0 ? "未達6都平均值" : "高於6都平均值",
            Direction.Band => Number(Math.Round(random.Next(-150, 150) / 10m, 1)),
            _ => Number(Math.Round(level * (1m + 0.02m * (y - year + 9)) * (0.85m + random.Next(30) / 100m), 1)),
        };

        var values = new List<ValueDoc>();
        var inputs = new List<InputDoc>();
        for (var y = year - 9; y <= year + 2; y++)
        {
            if (inParts) break;
            values.Add(new ValueDoc { Year = y, Kind = ValueKind.Target, Text = Target(y) });
            if (y > year) continue;
            if (y == year && missingActual) { values.Add(new ValueDoc { Year = y, Kind = ValueKind.Actual, Text = $"{y - Beacon.Core.RocYear.Offset}年尚未統計完成" }); continue; }
            if (y == year && formula)
            {
                var denominator = 1000m + random.Next(9000);
                var numerator = Math.Round(denominator * (0.5m + random.Next(50) / 100m));
                inputs.Add(new InputDoc { Year = y, Name = "完成件數", Value = numerator });
                inputs.Add(new InputDoc { Year = y, Name = "受理件數", Value = denominator });
                values.Add(new ValueDoc { Year = y, Kind = ValueKind.Actual, Text = Number(Math.Round(numerator / denominator * 100m, 2)) });
                continue;
            }
            values.Add(new ValueDoc { Year = y, Kind = ValueKind.Actual, Text = Actual(y) });
        }
        // Monthly progress of the plan year, cumulative towards the year's figure.
        if (!inParts && direction is Direction.Positive or Direction.Negative)
            for (var m = 1; m <= 12; m++)
                values.Add(new ValueDoc { Year = year, Period = $"M{m}", Kind = ValueKind.Actual, Text = Number(Math.Round(level * m / 12m * (0.9m + random.Next(20) / 100m), 1)) });

        var parts = !inParts ? [] : new List<KpiPartDoc>
        {
            new() { Name = "東區", Weight = 50, Values = [.. PartValues(random, year, level)] },
            new() { Name = "西區", Weight = 50, Values = [.. PartValues(random, year, level)] },
        };

        var hasActual = inParts || !missingActual;
        var self = hasActual && random.Next(100) < 90
            ? new SelfAssessmentDoc
            {
                Innovation = 70 + random.Next(26), Challenge = 70 + random.Next(26), Contribution = 70 + random.Next(26),
                Met = direction == Direction.Qualitative ? random.Next(4) != 0 : null,
                Explanation = random.Next(3) == 0 ? "依計畫期程完成" : null,
            }
            : null;
        var review = reviewed && self is not null && random.Next(100) < 70
            ? new ReviewDoc
            {
                Innovation = self.Innovation - random.Next(10), Challenge = self.Challenge - random.Next(10), Contribution = self.Contribution - random.Next(10),
                Met = self.Met, Comment = random.Next(4) == 0 ? "自評偏高" : null,
            }
            : null;

        return new KpiDoc
        {
            Code = code,
            Name = $"{Pick(random, Subjects)}{Pick(random, Metrics)}",
            Formula = formula ? "(完成件數/受理件數)*100%" : rate ? $"({Pick(random, Metrics)}/{Pick(random, Subjects)}總數)*100%" : null,
            Expression = formula ? "[完成件數] / [受理件數] * 100" : null,
            Unit = unit,
            Direction = direction,
            Responsible = [Pick(random, Divisions)],
            Exempt = random.Next(50) == 0,
            CityKpi = cityKpis.Count > 0 && random.Next(4) == 0 ? Pick(random, cityKpis) : null,
            Values = values,
            Inputs = inputs.Count == 0 ? null : inputs,
            Parts = parts,
            ActionPlans = [.. Enumerable.Range(1, 1 + random.Next(100) switch { < 50 => 0, < 85 => 1, _ => 2 }).Select(n => new ActionPlanDoc
            {
                Code = $"{code}.{n}",
                Name = $"{Pick(random, Subjects)}{Pick(random, Actions)}",
                Responsible = [Pick(random, Divisions)],
                Budgets = [.. new[] { year, year + 1 }.Where(y => y == year || random.Next(2) == 0).Select(y => new BudgetDoc
                {
                    Year = y, Text = random.Next(5) == 0 ? "無" : (50_000 + random.Next(5_000) * 500).ToString("N0", CultureInfo.InvariantCulture),
                })],
                Milestones = random.Next(10) < 4 ? [.. MilestonePeriods.All.Select((p, i) => new MilestoneDoc { Period = p, Text = Tasks[i] })] : [],
            })],
            Assessment = self is null ? null : new AssessmentDoc { Self = self, Review = review },
        };
    }

    private static IEnumerable<ValueDoc> PartValues(Random random, int year, decimal level)
    {
        for (var y = year - 1; y <= year; y++)
        {
            yield return new ValueDoc { Year = y, Kind = ValueKind.Target, Text = Number(Math.Round(level / 2m, 1)) };
            yield return new ValueDoc { Year = y, Kind = ValueKind.Actual, Text = Number(Math.Round(level / 2m * (0.85m + random.Next(30) / 100m), 1)) };
        }
    }
}
