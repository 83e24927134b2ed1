using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Core.Workflow;
using static Beacon.Core.Tests.Authoring.AuthoringKit;

namespace Beacon.Core.Tests.Authoring;

/// <summary>
/// Editing the DV centre's 2022 plan (家防中心 111 年): renumbering, deleting, adding, reordering, and every problem said
/// at its element and field, by the same rules as import.
/// </summary>
public sealed class PlanEditCheckTests
{
    [Fact]
    public void Renumbering_AC3_to_AC4_renames_its_KPI_its_action_plan_and_the_links_that_name_it()
    {
        var plan = Dvpc(Link("AP1", "AC3"), Link("AC3", "TF1"));

        var decision = Check(new PlanChange.PutObjective("AC3", EditOf(plan.Objectives[2]) with { Code = "AC4" }), plan);

        Assert.True(decision.Accepted, string.Join("\n", decision.Problems.Select(Said)));
        var after = decision.After!;
        Assert.Equal(["AC1", "AC2", "AC4", "BC1"], after.Objectives.Take(4).Select(o => o.Code));
        Assert.Equal("AC4.1", Assert.Single(after.Objectives[2].Kpis).Code);
        Assert.Equal("AC4.1.1", Assert.Single(after.Objectives[2].Kpis[0].ActionPlans).Code);
        Assert.Equal(["AP1→AC4", "AC4→TF1"], after.Links.Select(l => $"{l.From}→{l.To}"));
        Assert.Equal(new Dictionary<string, string> { ["AC3"] = "AC4", ["AC3.1"] = "AC4.1", ["AC3.1.1"] = "AC4.1.1" }, decision.Renamed);
    }

    [Fact]
    public void Renumbering_onto_a_code_that_is_taken_is_refused_at_the_code_naming_what_has_it()
    {
        var plan = Dvpc();

        var decision = Check(new PlanChange.PutObjective("AC3", EditOf(plan.Objectives[2]) with { Code = "AC2" }), plan);

        Assert.Equal("Invalid Objective.AC3 code: The code AC2 is already 落實集中派案時效及品質: choose another number.", Said(Assert.Single(decision.Problems)));
        Assert.Equal("$.code", decision.Problems[0].Path);
    }

    [Fact]
    public void Renumbering_BC4_to_CC3_moves_it_into_theme_C_after_CC2()
    {
        var plan = Dvpc();

        var after = Check(new PlanChange.PutObjective("BC4", EditOf(plan.Objectives[6]) with { Code = "CC3" }), plan).After!;

        Assert.Equal(["BC3", "CC1", "CC2", "CC3", "AP1"], after.Objectives.Skip(5).Take(5).Select(o => o.Code));
        Assert.Equal(["CC3.1", "CC3.2"], after.Objectives[8].Kpis.Select(k => k.Code));
    }

    [Fact]
    public void A_KPI_renumbered_under_another_objective_moves_there_with_its_action_plans()
    {
        var plan = Dvpc();

        var decision = Check(new PlanChange.PutKpi("BC1.3", EditOf(Kpi(plan, "BC1.3")) with { Code = "BC3.4" }), plan);

        var after = decision.After!;
        Assert.Equal(["BC1.1", "BC1.2"], after.Objectives[3].Kpis.Select(k => k.Code));
        Assert.Equal(["BC3.1", "BC3.2", "BC3.3", "BC3.4"], after.Objectives[5].Kpis.Select(k => k.Code));
        Assert.Equal("BC3.4.1", after.Objectives[5].Kpis[3].ActionPlans.Single().Code);
        Assert.Equal("BC3.4", decision.Renamed["BC1.3"]);
    }

    [Fact]
    public void Deleting_an_objective_names_everything_that_goes_with_it()
    {
        var plan = Dvpc(Link("BC3", "TC1"), Link("TL1", "BC3"), Link("TL1", "AP1"));

        var gone = PlanEdits.WhatGoes(plan, ElementKind.Objective, "BC3");

        Assert.Equal(["Objective BC3", "Kpi BC3.1", "ActionPlan BC3.1.1", "ActionPlan BC3.1.2", "Kpi BC3.2", "Kpi BC3.3", "ActionPlan BC3.3.1"],
            gone.Elements.Select(e => $"{e.Kind} {e.Code}"));
        Assert.Equal(["BC3→TC1", "TL1→BC3"], gone.Links.Select(l => $"{l.From}→{l.To}"));
        var after = Check(new PlanChange.Delete(ElementKind.Objective, "BC3", 1), plan with { Links = [Link("TL1", "BC3"), Link("TL1", "AP1")] }).After!;
        Assert.DoesNotContain(after.Objectives, o => o.Code == "BC3");
        Assert.Equal(["TL1→AP1"], after.Links.Select(l => $"{l.From}→{l.To}"));
    }

    [Fact]
    public void A_city_objective_another_plan_carries_cannot_be_deleted_or_renumbered_and_the_plans_are_named()
    {
        var city = Dataset.Load("TPE-2021.json");
        var carriers = new[] { new CarryingPlan("TPE-DVPC", "臺北市家庭暴力暨性侵害防治中心", 2021, ["E"], ["EP5"], ["EP5.1"]) };
        var context = new AuthoringContext("TPE", 2021, PlanStatus.Draft, Planner, Carriers: carriers);
        var versions = Versions(city);

        var deleted = PlanEditCheck.Check(context, city, versions, new PlanChange.Delete(ElementKind.Objective, "EP5", 1));
        var renumbered = PlanEditCheck.Check(context, city, versions, new PlanChange.PutObjective("EP5", EditOf(city.Objectives.Single(o => o.Code == "EP5")) with { Code = "EP6" }));

        Assert.Equal("Conflict Objective.EP5 : EP5 is carried by other plans, so it cannot be deleted: 臺北市家庭暴力暨性侵害防治中心 2021 (carrying EP5, EP5.1).", Said(Assert.Single(deleted.Problems)));
        Assert.Equal("Conflict Objective.EP5 code: EP5 is carried by other plans, so it cannot be renumbered: 臺北市家庭暴力暨性侵害防治中心 2021 (carrying EP5, EP5.1).", Said(Assert.Single(renumbered.Problems)));
        Assert.True(PlanEditCheck.Check(context, city, versions, new PlanChange.Delete(ElementKind.Objective, "EP4", 1)).Accepted);
    }

    /// <summary>Who may edit what, and when (Actor.CanAuthor…, WorkflowRules.OpenForAuthoring): ✓ accepted, else the refusal's kind.</summary>
    [Theory]
    [InlineData("planner", "objective AC1", PlanStatus.Draft, "✓")]
    [InlineData("planner", "objective AC1", PlanStatus.UnderReview, "✓")]
    [InlineData("planner", "objective AC1", PlanStatus.Approved, "Locked")]
    [InlineData("editor", "objective AC1", PlanStatus.Draft, "✓")]
    [InlineData("editor", "objective AC1", PlanStatus.Returned, "✓")]
    [InlineData("editor", "objective AC1", PlanStatus.Submitted, "Locked")]
    [InlineData("editor", "objective AC1", PlanStatus.Approved, "Locked")]
    [InlineData("other-editor", "objective AC1", PlanStatus.Draft, "Forbidden")]
    [InlineData("reviewer", "objective AC1", PlanStatus.Draft, "Forbidden")]
    [InlineData("成保組", "objective AC1", PlanStatus.Draft, "Forbidden")]
    [InlineData("成保組", "KPI AC1.1", PlanStatus.Draft, "✓")]
    [InlineData("成保組", "KPI AC3.1", PlanStatus.Draft, "Forbidden")]
    [InlineData("成保組", "action plan AC1.1.1", PlanStatus.Draft, "✓")]
    [InlineData("成保組", "action plan BC2.1.1", PlanStatus.Draft, "Forbidden")]
    [InlineData("成保組", "KPI AC1.1", PlanStatus.Submitted, "Locked")]
    public void Who_may_edit_what_when(string who, string what, PlanStatus status, string expected)
    {
        var actor = who switch { "planner" => Planner, "editor" => Editor, "other-editor" => OtherEditor, "reviewer" => Reviewer, _ => AdultDivision };
        var plan = Dvpc();
        var code = what.Split(' ')[^1];
        PlanChange change = what.Split(' ')[0] switch
        {
            "objective" => new PlanChange.PutObjective(code, EditOf(plan.Objectives.Single(o => o.Code == code)) with { Name = "新名稱" }),
            "KPI" => new PlanChange.PutKpi(code, EditOf(Kpi(plan, code)) with { Name = "新名稱" }),
            _ => new PlanChange.PutActionPlan(code, Action(plan, code) with { Name = "新名稱" }),
        };

        var decision = Check(change, plan, Context(actor, status));

        Assert.Equal(expected, decision.Accepted ? "✓" : decision.Problems[0].Kind.ToString());
    }

    [Fact]
    public void An_edit_without_a_version_asks_for_it_and_a_stale_one_names_what_the_other_person_saved()
    {
        var plan = Dvpc();
        var edit = EditOf(Kpi(plan, "AC1.1")) with { Name = "再通報率" };

        var missing = Check(new PlanChange.PutKpi("AC1.1", edit with { Version = null }), plan);
        var stale = PlanEditCheck.Check(Context(), plan, new Dictionary<string, int>(Versions(plan)) { ["Kpi:AC1.1"] = 3 }, new PlanChange.PutKpi("AC1.1", edit));

        Assert.Equal("VersionRequired Kpi.AC1.1 version: Send KPI AC1.1's current version: read it with GET /api/orgs/TPE-DVPC/plans/2022/kpis/AC1.1, so that nobody's newer change is overwritten.",
            Said(Assert.Single(missing.Problems)));
        Assert.Equal("Stale Kpi.AC1.1 version: KPI AC1.1 was changed by someone else (version 3: 「保護案件再通報率」，目標值 2022 7.7、2023 7.5、2024 7.3); your change was not saved, reload it.",
            Said(Assert.Single(stale.Problems)));
    }

    /// <summary>Each problem beside its field: the editing rules, and the import's rules on the whole plan after the edit.</summary>
    [Theory]
    [InlineData("name", "", "Invalid Kpi.AC1.1 name: Enter the name.")]
    [InlineData("year", "111", "Invalid Kpi.AC1.1 values[3].year: year 111 is outside 1912–2200 (use Gregorian years: ROC 110 is 2021)")]
    [InlineData("text", " ", "Invalid Kpi.AC1.1 values[3].text: a value must not be blank (write the reason when there is none, e.g. 無實際值)")]
    [InlineData("expression", "[a] / ", "Invalid Kpi.AC1.1 expression: ")]
    [InlineData("cityKpi", "DP5", "Invalid Kpi.AC1.1 cityKpi: city KPI code 'DP5' is malformed, e.g. DP5.1")]
    [InlineData("direction", "", "Invalid Kpi.AC1.1 direction: Choose the direction (positive, negative, band or qualitative).")]
    public void Each_problem_of_a_KPI_is_said_at_its_field(string field, string value, string expected)
    {
        var plan = Dvpc();
        var edit = EditOf(Kpi(plan, "AC1.1"));
        edit = field switch
        {
            "name" => edit with { Name = value },
            "year" => edit with { Values = [.. edit.Values.Select((v, i) => i == 3 ? v with { Year = int.Parse(value) } : v)] },
            "text" => edit with { Values = [.. edit.Values.Select((v, i) => i == 3 ? v with { Text = value } : v)] },
            "expression" => edit with { Expression = value },
            "cityKpi" => edit with { CityKpi = value },
            _ => edit with { Direction = null },
        };

        var decision = Check(new PlanChange.PutKpi("AC1.1", edit), plan);

        Assert.StartsWith(expected, Said(Assert.Single(decision.Problems)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_plan_years_actual_is_entered_on_the_entry_page_and_left_as_stored_when_omitted()
    {
        var plan = Dvpc();
        var withActual = plan with { Objectives = [.. plan.Objectives.Select((o, i) => i == 0 ? o with { Kpis = [o.Kpis[0] with { Values = [.. o.Kpis[0].Values, new ValueDoc { Year = 2022, Kind = ValueKind.Actual, Text = "7.2" }] }] } : o)] };
        var edit = EditOf(Kpi(withActual, "AC1.1"));

        var changed = Check(new PlanChange.PutKpi("AC1.1", edit with { Values = [.. edit.Values.Select(v => v.Kind == ValueKind.Actual && v.Year == 2022 ? v with { Text = "6.0" } : v)] }), withActual);
        var omitted = Check(new PlanChange.PutKpi("AC1.1", edit with { Name = "再通報率", Values = [.. edit.Values.Where(v => v.Year != 2022 || v.Kind != ValueKind.Actual)] }), withActual);

        Assert.Equal("Invalid Kpi.AC1.1 values[6].text: The 2022 actual is entered on the entry page, not changed by editing the plan.", Said(Assert.Single(changed.Problems)));
        Assert.Contains(Kpi(omitted.After!, "AC1.1").Values, v => v is { Year: 2022, Kind: ValueKind.Actual, Text: "7.2" });
    }

    /// <summary>
    /// A revision (修正) of the approved plan: the 2022 target of AC3.1 changes from 46.5 to 40 with the reason, keeping
    /// the original; set back to 46.5 it is no longer revised; without a reason it is refused at the value's reason.
    /// </summary>
    [Theory]
    [InlineData("40", "因疫情影響服務量", "40 (original 46.5: 因疫情影響服務量)")]
    [InlineData("40", null, "refused: Invalid Kpi.AC3.1 values[3].reason: A target changed in a revision needs a reason (2022 target 46.5 → 40).")]
    [InlineData("46.5", null, "46.5")]
    public void A_target_changed_in_a_revision_keeps_its_original_and_reason(string target, string? reason, string expected)
    {
        var plan = Dvpc();
        var edit = EditOf(Kpi(plan, "AC3.1"));
        edit = edit with { Values = [.. edit.Values.Select(v => v is { Year: 2022, Kind: ValueKind.Target } ? v with { Text = target, Reason = reason } : v)] };

        var decision = Check(new PlanChange.PutKpi("AC3.1", edit), plan, Context(revision: true));

        if (!decision.Accepted)
        {
            Assert.Equal(expected, "refused: " + Said(decision.Problems.Single()));
            return;
        }
        var value = Kpi(decision.After!, "AC3.1").Values.Single(v => v is { Year: 2022, Kind: ValueKind.Target });
        Assert.Equal(expected, value.Original is null ? value.Text : $"{value.Text} (original {value.Original}: {value.Reason})");
        Assert.Equal(value.Original is null ? 1 : 2, decision.After!.FormatVersion);
    }

    [Fact]
    public void A_new_KPI_with_an_action_plan_a_budget_and_a_milestone_is_added_under_its_objective()
    {
        var plan = Dvpc();
        var kpi = new KpiEdit
        {
            Code = "AC1.2", Name = "保護令聲請協助件數", Unit = "件", Direction = Direction.Positive, Responsible = ["成保組"],
            Values = [new ValueDoc { Year = 2022, Kind = ValueKind.Target, Text = "120" }],
        };

        var added = Check(new PlanChange.PutKpi("AC1.2", kpi), plan, Context(AdultDivision));
        var action = Check(new PlanChange.PutActionPlan("AC1.2.1", new ActionPlanEdit
        {
            Name = "保護令聲請協助方案", Budgets = [new BudgetDoc { Year = 2022, Text = "120,000" }],
            Milestones = [new MilestoneDoc { Period = "3-4", Text = "完成協助流程" }],
        }), added.After, Context(AdultDivision));

        Assert.True(added.Accepted && action.Accepted, string.Join("\n", added.Problems.Concat(action.Problems).Select(Said)));
        var stored = Kpi(action.After!, "AC1.2");
        Assert.Equal(["AC1.1", "AC1.2"], action.After!.Objectives[0].Kpis.Select(k => k.Code));
        Assert.Equal(("AC1.2.1", "120,000", "3-4 完成協助流程"), (stored.ActionPlans[0].Code, stored.ActionPlans[0].Budgets[0].Text, $"{stored.ActionPlans[0].Milestones[0].Period} {stored.ActionPlans[0].Milestones[0].Text}"));
        // Not their division's: 性保組 is not theirs.
        Assert.Equal(ProblemKind.Forbidden, Check(new PlanChange.PutKpi("AC1.3", kpi with { Code = "AC1.3", Responsible = ["性保組"] }), plan, Context(AdultDivision)).Problems[0].Kind);
    }

    [Theory]
    [InlineData("AC9.1", "Unknown Kpi.AC9.1 : This plan has no objective AC9: add the objective before its KPIs.")]
    [InlineData("AC1.x", "Invalid Kpi.AC1.x code: KPI code 'AC1.x' is malformed: expected the objective code + '.' + number, e.g. AC1.1")]
    public void A_KPI_under_no_objective_of_the_plan_or_with_a_malformed_code_is_refused(string code, string expected)
    {
        var decision = Check(new PlanChange.PutKpi(code, new KpiEdit { Name = "新指標", Direction = Direction.Positive }));

        Assert.Equal(expected, Said(Assert.Single(decision.Problems)));
    }

    [Fact]
    public void A_KPI_moved_first_among_its_objectives_KPIs()
    {
        var plan = Dvpc();

        var after = Check(new PlanChange.PutKpi("BC1.3", EditOf(Kpi(plan, "BC1.3")) with { Position = 0 }), plan).After!;

        Assert.Equal(["BC1.3", "BC1.1", "BC1.2"], after.Objectives[3].Kpis.Select(k => k.Code));
    }

    [Theory]
    [InlineData("AP1", "AC3", "✓")]
    [InlineData("AP1", "AC9", "Invalid Links. links[1].to: link end 'AC9' is not an objective of this plan")]
    [InlineData("AP1", "AP1", "Invalid Links. links[1]: an objective cannot link to itself")]
    [InlineData("TL1", "AP1", "Invalid Links. links[1]: the link TL1 → AP1 is given twice")]
    public void Adding_a_link_checks_both_ends(string from, string to, string expected)
    {
        var plan = Dvpc(Link("TL1", "AP1"));

        var decision = Check(new PlanChange.AddLink(new LinkEdit { From = from, To = to }), plan);

        Assert.Equal(expected, decision.Accepted ? "✓" : Said(Assert.Single(decision.Problems)));
    }

    [Fact]
    public void A_bureau_says_which_city_KPI_it_serves_only_one_the_city_plan_of_the_year_has()
    {
        var plan = Dvpc();
        var city = new CityCodes(2022, new HashSet<string> { "E" }, new HashSet<string> { "EP5" }, new HashSet<string> { "EP5.1" });

        var served = Check(new PlanChange.PutKpi("AC1.1", EditOf(Kpi(plan, "AC1.1")) with { CityKpi = "EP5.1" }), plan, Context(city: city));
        var missing = Check(new PlanChange.PutKpi("AC1.1", EditOf(Kpi(plan, "AC1.1")) with { CityKpi = "EP5.9" }), plan, Context(city: city));

        Assert.True(served.Accepted);
        Assert.Equal("Invalid Kpi.AC1.1 cityKpi: The city plan of 2022 has no KPI EP5.9.", Said(Assert.Single(missing.Problems)));
    }

    [Fact]
    public void Theme_B_lettered_D_renumbers_its_objectives()
    {
        var plan = Dvpc();

        var decision = Check(new PlanChange.PutTheme("B", new ThemeEdit { Code = "D", Name = "復原輔導", CityTheme = "E", Version = 1 }), plan);

        Assert.Equal(["A", "D", "C"], decision.After!.Themes.Select(t => t.Code));
        Assert.Equal(["DC1", "DC2", "DC3", "DC4"], decision.After.Objectives.Where(o => o.Code[0] == 'D').Select(o => o.Code));
        Assert.Equal("DC3.3.1", decision.Renamed["BC3.3.1"]);
    }

    [Fact]
    public void The_header_changes_and_a_perspective_that_still_has_objectives_cannot_go()
    {
        var plan = Dvpc();

        var header = Check(new PlanChange.Header(new HeaderEdit { Title = "家防中心 112 年平衡計分卡", Mission = plan.Mission, Vision = plan.Vision, CoreValues = ["團隊合作"], Version = 1 }), plan);
        var perspectives = Check(new PlanChange.Perspectives(new PerspectivesEdit { Perspectives = [.. plan.Perspectives.Where(p => p.Code != "F")], Version = 1 }), plan);

        Assert.Equal("家防中心 112 年平衡計分卡", header.After!.Title);
        Assert.Equal(["團隊合作"], header.After.CoreValues);
        Assert.Equal("Invalid Perspectives. perspectives: The perspective 財務 still has objectives (TF1): delete them or move them to another perspective first.", Said(perspectives.Problems[0]));
        Assert.Equal("Invalid Objective.TF1 code: objective 'TF1' names perspective 'F', which this plan does not have", Said(perspectives.Problems[1]));
    }

    private static ActionPlanEdit Action(PlanDocument plan, string code)
    {
        var a = PlanEdits.ActionPlans(plan).Single(x => x.Action.Code == code).Action;
        return new ActionPlanEdit { Code = a.Code, Name = a.Name, Responsible = [.. a.Responsible], Note = a.Note, Budgets = [.. a.Budgets], Milestones = [.. a.Milestones], Version = 1 };
    }
}
