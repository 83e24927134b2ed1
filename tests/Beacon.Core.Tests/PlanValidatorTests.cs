using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

public class PlanValidatorTests
{
    [Theory]
    [MemberData(nameof(Dataset.Files), MemberType = typeof(Dataset))]
    public void Every_plan_of_the_dataset_validates_without_problems(string file)
    {
        var problems = PlanValidator.Validate(Dataset.Load(file));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_small_example_plan_is_valid()
    {
        Assert.Empty(PlanValidator.Validate(SmallPlan()));
    }

    [Fact]
    public void A_broken_plan_reports_each_problem_at_its_json_path()
    {
        var plan = SmallPlan() with { Year = 110 };                           // ROC year instead of 2021
        plan.Objectives[0].Kpis.Add(Kpi("AC2.1"));                             // KPI of AC2 under AC1
        plan.Objectives.Add(Objective("AC1", "重複的策略目標"));                // duplicate code
        plan.Objectives.Add(Objective("ZC1", "不存在的主題"));                   // no theme Z in this plan
        plan.Links.Add(new LinkDoc { From = "AL9", To = "AC1" });              // AL9 does not exist
        plan.Objectives[1].Kpis[0].Values.Clear();                             // a KPI with parts keeps its values there
        plan.Objectives[1].Kpis[0].Parts.AddRange(
        [
            new KpiPartDoc { Name = "東區門戶計畫", Weight = 50 },
            new KpiPartDoc { Name = "西區門戶計畫", Weight = 40 },              // weights add up to 90
        ]);

        var problems = PlanValidator.Validate(plan);

        Assert.Equal(
        [
            "$.year",
            "$.objectives[0].kpis[1].code",
            "$.objectives[1].kpis[0].parts",
            "$.objectives[3].code",
            "$.objectives[4].code",
            "$.links[1].from",
        ], problems.Select(p => p.Path));
        Assert.Equal("the parts' weights add up to 90, not 100", problems[2].MessageEn);
        Assert.Equal("code 'AC1' is used twice in this plan (first at $.objectives[0].code)", problems[3].MessageEn);
        Assert.Equal("objective 'ZC1' names theme 'Z', which this plan does not have", problems[4].MessageEn);
    }

    [Fact]
    public void Kpi_code_must_start_with_its_objective_code()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0] = Kpi("AC2.1", Plan("AC2.1.1"));

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].code", problem.Path);
        Assert.Equal("KPI 代碼「AC2.1」不屬於策略目標 AC1：應以「AC1.」開頭", problem.Message);
        Assert.Equal("KPI code 'AC2.1' does not belong to objective AC1: it must start with 'AC1.'", problem.MessageEn);
    }

    [Fact]
    public void Action_plan_code_must_start_with_its_kpi_code()
    {
        // The DV centre prints AP2.1.1 on the AP1.1 row.
        var plan = SmallPlan();
        plan.Objectives[1].Kpis[0].ActionPlans[0] = Plan("AP2.1.1");

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[1].kpis[0].actionPlans[0].code", problem.Path);
        Assert.Contains("must start with 'AP1.1.'", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_used_twice_names_where_it_was_first_seen()
    {
        // FC1.1.1 is printed under FC1.1 and again under FC1.2: kept twice, the codes would clash.
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0].ActionPlans.Add(Plan("AC1.1.1"));

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].actionPlans[1].code", problem.Path);
        Assert.Equal("code 'AC1.1.1' is used twice in this plan (first at $.objectives[0].kpis[0].actionPlans[0].code)", problem.MessageEn);
    }

    [Fact]
    public void Objective_of_an_unknown_theme_letter_is_reported()
    {
        var plan = SmallPlan();
        plan.Objectives.Add(Objective("ZC1", "不存在的主題"));

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[3].code", problem.Path);
        Assert.Equal("objective 'ZC1' names theme 'Z', which this plan does not have", problem.MessageEn);
    }

    [Fact]
    public void Shared_objectives_need_no_theme_T()
    {
        var plan = SmallPlan();
        plan.Objectives.Insert(0, Objective("TC1", "提升滿意的住民"));
        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void Roc_year_110_instead_of_2021_is_reported_with_the_conversion()
    {
        var problem = Assert.Single(PlanValidator.Validate(SmallPlan() with { Year = 110 }));

        Assert.Equal("$.year", problem.Path);
        Assert.Equal("年度 110 不在 1912–2200 之間（請用西元年，例如民國110年寫 2021）", problem.Message);
    }

    [Fact]
    public void Roc_year_in_a_value_is_reported_at_that_value()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0].Values.Add(new ValueDoc { Year = 110, Kind = ValueKind.Actual, Text = "12.3" });

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].values[2].year", problem.Path);
    }

    [Fact]
    public void Link_to_an_unknown_objective_is_reported_at_its_end()
    {
        var plan = SmallPlan();
        plan.Links.Add(new LinkDoc { From = "AP1", To = "AC9" });

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.links[1].to", problem.Path);
        Assert.Equal("link end 'AC9' is not an objective of this plan", problem.MessageEn);
    }

    [Fact]
    public void Part_weights_summing_to_90_are_reported()
    {
        // BP2.1 東區/西區門戶計畫 print 50% each; here the second says 40.
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0];
        kpi.Values.Clear();
        kpi.Parts.Add(new KpiPartDoc { Name = "東區門戶計畫", Weight = 50, Values = [Target("93")] });
        kpi.Parts.Add(new KpiPartDoc { Name = "西區門戶計畫", Weight = 40, Values = [Target("70")] });

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].parts", problem.Path);
        Assert.Equal("各分項權重合計為 90，應為 100", problem.Message);
    }

    [Fact]
    public void Parts_of_50_and_50_are_valid()
    {
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0];
        kpi.Values.Clear();
        kpi.Parts.Add(new KpiPartDoc { Name = "東區門戶計畫", Weight = 50, Values = [Target("93")] });
        kpi.Parts.Add(new KpiPartDoc { Name = "西區門戶計畫", Weight = 50, Values = [Target("70")] });

        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void A_kpi_with_parts_keeps_its_values_in_the_parts()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0].Parts.Add(new KpiPartDoc { Name = "民政局", Values = [Target("20,000")] });

        var problems = PlanValidator.Validate(plan);

        // The target is the parts'; the plan year's actual 12.3 is an entry, which the entry rules refuse as the form does.
        Assert.Equal(["$.objectives[0].kpis[0].values[1].text", "$.objectives[0].kpis[0].values"], problems.Select(p => p.Path));
        Assert.Equal("AC1.1 is scored by its parts: enter each part's actual.", problems[0].MessageEn);
    }

    [Fact]
    public void A_kpi_with_parts_may_give_the_reason_its_actual_is_missing()
    {
        // What the entry form stores for a KPI in parts when the whole KPI has no actual yet.
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0];
        kpi.Values.Clear();
        kpi.Values.Add(new ValueDoc { Year = 2021, Kind = ValueKind.Actual, Text = "無實際值：各分項資料尚未提供" });
        kpi.Values.Add(new ValueDoc { Year = 2021, Period = "Q2", Kind = ValueKind.Actual, Text = "尚未統計" });
        kpi.Parts.Add(new KpiPartDoc { Name = "東區門戶計畫", Weight = 50, Values = [Target("93")] });
        kpi.Parts.Add(new KpiPartDoc { Name = "西區門戶計畫", Weight = 50, Values = [Target("70")] });

        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Theory]
    [InlineData(2021, ValueKind.Actual, "93", "$.objectives[0].kpis[0].values[0].text", "AC1.1 is scored by its parts: enter each part's actual.")] // as the entry says
    [InlineData(2021, ValueKind.Target, "無目標值", "$.objectives[0].kpis[0].values", "the KPI itself may only give the reason the plan year's actual is missing")]
    [InlineData(2020, ValueKind.Actual, "無實際值", "$.objectives[0].kpis[0].values", "the KPI itself may only give the reason the plan year's actual is missing")]
    public void A_kpi_with_parts_keeps_every_other_value_in_the_parts(int year, ValueKind kind, string text, string path, string says)
    {
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0];
        kpi.Values.Clear();
        kpi.Values.Add(new ValueDoc { Year = year, Kind = kind, Text = text });
        kpi.Parts.Add(new KpiPartDoc { Name = "東區門戶計畫", Weight = 50, Values = [Target("93")] });
        kpi.Parts.Add(new KpiPartDoc { Name = "西區門戶計畫", Weight = 50, Values = [Target("70")] });

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal(path, problem.Path);
        Assert.Contains(says, problem.MessageEn);
    }

    [Fact]
    public void Part_weights_with_more_than_four_decimals_are_refused()
    {
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0];
        kpi.Values.Clear();
        kpi.Parts.Add(new KpiPartDoc { Name = "東區門戶計畫", Weight = 33.33335m, Values = [Target("93")] });
        kpi.Parts.Add(new KpiPartDoc { Name = "西區門戶計畫", Weight = 66.66665m, Values = [Target("70")] });

        var problems = PlanValidator.Validate(plan);

        Assert.Equal(["$.objectives[0].kpis[0].parts[0].weight", "$.objectives[0].kpis[0].parts[1].weight"], problems.Select(p => p.Path));
        Assert.Equal("weight 33.33335 has more than 4 decimals: 4 at most (e.g. 33.3334)", problems[0].MessageEn);
    }

    [Fact]
    public void Inputs_the_expression_does_not_use_are_refused()
    {
        var plan = SmallPlan();
        var kpi = plan.Objectives[0].Kpis[0] with
        {
            Expression = "[依限完成派案評估之案件] / [通報件數] * 100",
            Inputs =
            [
                new InputDoc { Year = 2021, Name = "依限完成派案評估之案件", Value = 95 },
                new InputDoc { Year = 2021, Name = "通報件數", Value = 100 },
                new InputDoc { Year = 2021, Name = "結案件數", Value = 3 },
            ],
        };
        plan.Objectives[0].Kpis[0] = kpi;

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].inputs[2].name", problem.Path);
        Assert.Equal("公式中沒有「結案件數」（公式的輸入項目：依限完成派案評估之案件、通報件數）", problem.Message);
    }

    [Fact]
    public void Inputs_the_database_cannot_hold_exactly_are_refused()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0] = plan.Objectives[0].Kpis[0] with
        {
            Expression = "a / b * 100",
            Inputs =
            [
                new InputDoc { Year = 2021, Name = "a", Value = 0.123456789m },
                new InputDoc { Year = 2021, Name = "b", Value = 100_000_000_000_000_000_000m },
            ],
        };

        Assert.Equal(["$.objectives[0].kpis[0].inputs[0].value", "$.objectives[0].kpis[0].inputs[1].value"],
            PlanValidator.Validate(plan).Select(p => p.Path));
    }

    [Fact]
    public void Partial_scores_are_refused_as_the_API_refuses_them()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0] = plan.Objectives[0].Kpis[0] with
        {
            Assessment = new AssessmentDoc
            {
                Self = new SelfAssessmentDoc { Innovation = 80 },
                Review = new ReviewDoc { Challenge = 70, Contribution = 70, Light = Light.Good },
            },
        };

        var problems = PlanValidator.Validate(plan);

        Assert.Equal(
        [
            "$.objectives[0].kpis[0].assessment.self.challenge",
            "$.objectives[0].kpis[0].assessment.self.contribution",
            "$.objectives[0].kpis[0].assessment.review.innovation",
        ], problems.Select(p => p.Path));
        Assert.Equal("請填寫挑戰度（三項分數須一併填寫）", problems[0].Message);
        Assert.Equal("enter innovation (the three scores go together)", problems[2].MessageEn);
    }

    [Fact]
    public void A_light_or_a_judgement_without_scores_is_a_valid_review()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0] = plan.Objectives[0].Kpis[0] with
        {
            Assessment = new AssessmentDoc { Self = new SelfAssessmentDoc { Met = true }, Review = new ReviewDoc { Light = Light.Fair } },
        };

        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void Scores_out_of_range_or_with_more_than_four_decimals_are_refused()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0] = plan.Objectives[0].Kpis[0] with
        {
            Assessment = new AssessmentDoc
            {
                Self = new SelfAssessmentDoc { Innovation = 101, Challenge = -1, Contribution = 80.00005m },
                Review = new ReviewDoc { Innovation = 80.1234m, Challenge = 80.12340m, Contribution = 80 },
            },
        };

        var problems = PlanValidator.Validate(plan);

        Assert.Equal(
        [
            "$.objectives[0].kpis[0].assessment.self.innovation",
            "$.objectives[0].kpis[0].assessment.self.challenge",
            "$.objectives[0].kpis[0].assessment.self.contribution",
        ], problems.Select(p => p.Path));
        Assert.Equal("innovation 101 is out of range: it must be between 0 and 100", problems[0].MessageEn);
        Assert.Equal("貢獻度 80.00005 的小數超過 4 位：最多 4 位小數（例如 80.0001）", problems[2].Message);
    }

    [Fact]
    public void Texts_longer_than_the_entry_limit_are_refused()
    {
        var plan = SmallPlan();
        var limit = EntryRules.MaxTextLength;
        plan.Objectives[0].Kpis[0] = plan.Objectives[0].Kpis[0] with
        {
            Assessment = new AssessmentDoc
            {
                Self = new SelfAssessmentDoc { Explanation = new string('說', limit + 1) },
                Review = new ReviewDoc { Light = Light.Poor, Comment = new string('評', limit) },
            },
        };

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].assessment.self.explanation", problem.Path);
        Assert.Equal($"the text is too long ({limit + 1} characters, {limit} at most)", problem.MessageEn);
    }

    [Fact]
    public void Settings_weights_with_more_than_four_decimals_are_refused_although_they_add_up()
    {
        // 0.33335 + 0.16665 passes the sum check, and PostgreSQL would store 0.3334 + 0.1667.
        var plan = SmallPlan() with
        {
            Evaluation = new EvaluationSettingsDoc
            {
                Weights = new WeightsDoc(0.33335m, 0.16665m, 0.3m, 0.2m),
                Bands = new BandsDoc(92.55555m, 80, 75),
                BandRule = BandRule.Proportional,
            },
        };

        Assert.Equal(["$.evaluation.weights.achievement", "$.evaluation.weights.innovation", "$.evaluation.bands.excellent"],
            PlanValidator.Validate(plan).Select(p => p.Path));
    }

    [Fact]
    public void Two_targets_for_one_year_are_reported()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0].Values.Add(Target("13.0"));

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].values[2]", problem.Path);
        Assert.Equal("the target value for 2021 is given twice", problem.MessageEn);
    }

    [Fact]
    public void A_blank_value_must_say_why_there_is_none()
    {
        var plan = SmallPlan();
        plan.Objectives[0].Kpis[0].Values[1] = new ValueDoc { Year = 2021, Kind = ValueKind.Actual, Text = " " };

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.objectives[0].kpis[0].values[1].text", problem.Path);
    }

    [Fact]
    public void Milestone_periods_are_the_six_bimonths()
    {
        var plan = SmallPlan();
        var milestones = plan.Objectives[0].Kpis[0].ActionPlans[0].Milestones;
        milestones.Add(new MilestoneDoc { Period = "1-2", Text = "召開聯繫會議" });
        milestones.Add(new MilestoneDoc { Period = "1-3", Text = "季報" });
        milestones.Add(new MilestoneDoc { Period = "1-2", Text = "再次召開" });

        var problems = PlanValidator.Validate(plan);

        Assert.Equal(
            ["$.objectives[0].kpis[0].actionPlans[0].milestones[1].period", "$.objectives[0].kpis[0].actionPlans[0].milestones[2].period"],
            problems.Select(p => p.Path));
        Assert.Equal("period '1-2' is given twice", problems[1].MessageEn);
    }

    [Fact]
    public void Learning_objectives_coded_L_fit_a_learning_row_printed_T()
    {
        // The Labor 2018 map labels the learning row "T" while its objectives are AL1 … EL1.
        var plan = SmallPlan();
        plan.Perspectives[2] = new PerspectiveDoc { Code = "T", Kind = PerspectiveKind.Learning, Name = "學習成長" };
        plan.Objectives.Add(Objective("AL1", "強化員工專業職能"));

        Assert.Empty(PlanValidator.Validate(plan));
    }

    [Fact]
    public void Theme_T_is_kept_for_shared_objectives()
    {
        var plan = SmallPlan();
        plan.Themes.Add(new ThemeDoc { Code = "T", Name = "共同" });

        var problem = Assert.Single(PlanValidator.Validate(plan));

        Assert.Equal("$.themes[1].code", problem.Path);
    }

    // A plan shaped like theme A of the city 110 report: AC1 with AC1.1 and its plan, AP1 with AP1.1 and its plan.
    private static PlanDocument SmallPlan() => new()
    {
        Format = PlanDocument.FormatName,
        FormatVersion = PlanDocument.CurrentVersion,
        Organisation = new OrganisationDoc { Code = "TPE", Name = "臺北市政府", Kind = OrganisationKind.City },
        Year = 2021,
        Perspectives =
        [
            new PerspectiveDoc { Code = "C", Kind = PerspectiveKind.Customer, Name = "顧客" },
            new PerspectiveDoc { Code = "P", Kind = PerspectiveKind.Process, Name = "內部流程" },
            new PerspectiveDoc { Code = "L", Kind = PerspectiveKind.Learning, Name = "學習成長" },
            new PerspectiveDoc { Code = "F", Kind = PerspectiveKind.Financial, Name = "財務" },
        ],
        Themes = [new ThemeDoc { Code = "A", Name = "營造永續環境", Lead = "環保局", Members = ["工務局"] }],
        Objectives =
        [
            Objective("AC1", "提升空氣品質", Kpi("AC1.1", Plan("AC1.1.1"))),
            Objective("AP1", "推動綠能節電", Kpi("AP1.1", Plan("AP1.1.1"))),
            Objective("AF1", "提升預算執行效能"),
        ],
        Links = [new LinkDoc { From = "AP1", To = "AC1" }],
    };

    private static ObjectiveDoc Objective(string code, string name, params KpiDoc[] kpis) =>
        new() { Code = code, Name = name, Kpis = [.. kpis] };

    private static KpiDoc Kpi(string code, params ActionPlanDoc[] plans) => new()
    {
        Code = code,
        Name = "細懸浮微粒(PM2.5)年平均濃度",
        Direction = Direction.Negative,
        Responsible = ["環保局"],
        Values = [Target("12.9"), new ValueDoc { Year = 2021, Kind = ValueKind.Actual, Text = "12.3" }],
        ActionPlans = [.. plans],
    };

    private static ActionPlanDoc Plan(string code) => new() { Code = code, Name = "空氣污染防制計畫" };

    private static ValueDoc Target(string text) => new() { Year = 2021, Kind = ValueKind.Target, Text = text };
}
