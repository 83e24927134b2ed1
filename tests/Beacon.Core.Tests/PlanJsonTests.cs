using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

public class PlanJsonTests
{
    private static string DvCentre() => File.ReadAllText(Dataset.PathOf("TPE-DVPC-2022.json"));

    [Theory]
    [MemberData(nameof(Dataset.Files), MemberType = typeof(Dataset))]
    public void Writing_a_dataset_file_read_back_gives_the_same_bytes(string file)
    {
        var bytes = File.ReadAllBytes(Dataset.PathOf(file));

        var (document, problems) = PlanJson.Read(File.ReadAllText(Dataset.PathOf(file)));

        Assert.Empty(problems);
        Assert.Equal(bytes, PlanJson.WriteUtf8(document!));
    }

    [Fact]
    public void Unknown_property_is_named_with_its_path_and_line()
    {
        // "mission" misspelt on line 14 of the DV centre plan.
        var (document, problems) = PlanJson.Read(DvCentre().Replace("\"mission\":", "\"mision\":", StringComparison.Ordinal));

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.mision", problem.Path);
        Assert.Equal("'mision' is not a property of the plan; did you mean 'mission' or 'vision'? (line 14)", problem.MessageEn);
        Assert.Equal("「mision」不是計畫的欄位；是否要寫「mission」或「vision」？（第 14 行）", problem.Message);
    }

    [Fact]
    public void Missing_required_property_is_named_with_the_object_that_lacks_it()
    {
        var json = DvCentre().Replace("    \"name\": \"臺北市家庭暴力暨性侵害防治中心\",\n", "", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.organisation", problem.Path);
        Assert.Equal("the organisation lacks the required property 'name' (line 4)", problem.MessageEn);
        Assert.Equal("機關缺少必要欄位「name」（第 4 行）", problem.Message);
    }

    [Fact]
    public void Missing_kpi_direction_is_reported_at_the_kpi()
    {
        var json = DvCentre().ReplaceFirst("          \"direction\": \"negative\",\n", "");

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.objectives[0].kpis[0]", problem.Path);
        Assert.StartsWith("a KPI lacks the required property 'direction' (line ", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_direction_is_reported_at_the_direction_with_the_names_allowed()
    {
        var json = DvCentre().ReplaceFirst("\"direction\": \"negative\"", "\"direction\": \"downward\"");

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.objectives[0].kpis[0].direction", problem.Path);
        var line = json[..json.IndexOf("\"downward\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Equal($"direction must be one of positive, negative, band, qualitative, not 'downward' (line {line})", problem.MessageEn);
        Assert.Equal($"direction 應為 positive、negative、band 或 qualitative 其中之一，不能是「downward」（第 {line} 行）", problem.Message);
    }

    [Fact]
    public void Every_problem_of_a_document_is_reported_in_one_reading()
    {
        // The first KPI of the DV centre plan: an unknown direction, "unit" misspelt, and a code of another objective.
        var json = DvCentre()
            .ReplaceFirst("\"direction\": \"negative\"", "\"direction\": \"downward\"")
            .ReplaceFirst("\"unit\": \"%\"", "\"unitt\": \"%\"")
            .ReplaceFirst("\"code\": \"AC1.1\"", "\"code\": \"AC9.1\"");
        const string kpi = "$.objectives[0].kpis[0]";

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var byPath = problems.ToDictionary(p => p.Path);
        Assert.StartsWith("'unitt' is not a property of a KPI; did you mean 'unit'? (line ", byPath[$"{kpi}.unitt"].MessageEn, StringComparison.Ordinal);
        Assert.StartsWith("direction must be one of positive, negative, band, qualitative, not 'downward'", byPath[$"{kpi}.direction"].MessageEn, StringComparison.Ordinal);
        Assert.Equal("KPI code 'AC9.1' does not belong to objective AC1: it must start with 'AC1.'", byPath[$"{kpi}.code"].MessageEn);
        Assert.Contains("AC9.1", byPath[$"{kpi}.code"].Message);
        // Nothing else but the KPI's action plans, whose codes no longer start with the KPI's.
        Assert.All(problems.Select(p => p.Path).Except([$"{kpi}.unitt", $"{kpi}.direction", $"{kpi}.code"]),
            path => Assert.Matches(@"^\$\.objectives\[0\]\.kpis\[0\]\.actionPlans\[\d\]\.code$", path));
        Assert.All(problems, p => Assert.DoesNotMatch("[\u4e00-\u9fff]", p.MessageEn));
    }

    [Fact]
    public void A_newer_format_version_is_reported_alone_and_says_which_version_is_read()
    {
        var json = DvCentre().Replace("\"formatVersion\": 1", "\"formatVersion\": 3", StringComparison.Ordinal).Replace("\"mission\":", "\"purpose\":", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.formatVersion", problem.Path);
        Assert.StartsWith("format version 3 cannot be read: this Beacon reads versions 1 to 2", problem.MessageEn, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"\\u0001\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    public void A_format_version_that_is_no_number_is_reported_at_it(string value)
    {
        var (document, problems) = PlanJson.Read(DvCentre().Replace("\"formatVersion\": 1", $"\"formatVersion\": {value}", StringComparison.Ordinal));

        Assert.Null(document);
        Assert.Equal("$.formatVersion", Assert.Single(problems).Path);
    }

    [Fact]
    public void Year_written_as_text_is_reported_at_the_year()
    {
        var (document, problems) = PlanJson.Read(DvCentre().ReplaceFirst("\"year\": 2022,", "\"year\": \"2022\","));

        Assert.Null(document);
        Assert.Equal("$.year", Assert.Single(problems).Path);
    }

    [Fact]
    public void Null_for_a_required_name_is_reported()
    {
        var json = DvCentre().Replace("\"name\": \"臺北市家庭暴力暨性侵害防治中心\"", "\"name\": null", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        Assert.Equal("$.organisation.name", Assert.Single(problems).Path);
    }

    [Theory]
    [InlineData("", "$", "the file is empty")]
    [InlineData("null", "$", "the document must not be null")]
    public void Empty_or_null_file_is_one_problem_at_the_root(string json, string path, string message)
    {
        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal(path, problem.Path);
        Assert.Equal(message, problem.MessageEn);
    }

    [Fact]
    public void Truncated_file_is_a_problem_not_an_exception()
    {
        var json = DvCentre();

        var (document, problems) = PlanJson.Read(json[..(json.Length / 2)]);

        Assert.Null(document);
        Assert.Single(problems);
    }

    [Fact]
    public void Comments_are_not_allowed_in_a_plan_file()
    {
        var (document, problems) = PlanJson.Read(DvCentre().Replace("  \"year\": 2022,", "  // 111年\n  \"year\": 2022,", StringComparison.Ordinal));

        Assert.Null(document);
        Assert.Single(problems);
    }

    [Fact]
    public void Written_file_keeps_chinese_text_readable_and_ends_with_one_line_feed()
    {
        var text = PlanJson.Write(Dataset.Load("TPE-DVPC-2022.json"));

        Assert.Contains("\"mission\": \"促進市民的家庭和諧與安全\"", text, StringComparison.Ordinal);
        Assert.Contains("\"text\": \"≥99.5\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.False(text.EndsWith("\n\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Optional_properties_without_value_are_left_out()
    {
        // The Social Welfare 2018 plan prints no mission or vision.
        var text = PlanJson.Write(Dataset.Load("TPE-SWD-2018.json"));

        Assert.DoesNotContain("\"mission\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"vision\"", text, StringComparison.Ordinal);
        Assert.Contains("\"coreValues\": []", text, StringComparison.Ordinal);
    }
}

internal static class TextEdits
{
    /// <summary>Replaces only the first occurrence, so that a test changes one place of a document.</summary>
    public static string ReplaceFirst(this string text, string old, string replacement)
    {
        var at = text.IndexOf(old, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{old}' is not in the text");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + old.Length));
    }
}
