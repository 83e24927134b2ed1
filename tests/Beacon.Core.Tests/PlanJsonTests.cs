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
        Assert.Equal("the JSON does not fit the format (line 14): 未知的欄位 / unknown property 'mision'", problem.MessageEn);
        Assert.StartsWith("JSON 內容不符格式（第 14 行）", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_required_property_is_named_with_the_object_that_lacks_it()
    {
        var json = DvCentre().Replace("    \"name\": \"臺北市家庭暴力暨性侵害防治中心\",\n", "", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.organisation", problem.Path);
        Assert.EndsWith("missing required properties: 'name'", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_kpi_direction_is_reported_at_the_kpi()
    {
        var json = DvCentre().Replace("          \"direction\": \"negative\",\n", "", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.objectives[0].kpis[0]", problem.Path);
        Assert.EndsWith("'direction'", problem.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_direction_is_reported_at_the_direction()
    {
        var json = DvCentre().Replace("\"direction\": \"negative\"", "\"direction\": \"downward\"", StringComparison.Ordinal);

        var (document, problems) = PlanJson.Read(json);

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal("$.objectives[0].kpis[0].direction", problem.Path);
        var line = json[..json.IndexOf("\"downward\"", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        Assert.Equal($"the JSON does not fit the format (line {line}): 值的型別或內容不正確 / the value has the wrong type or an unknown name", problem.MessageEn);
    }

    [Fact]
    public void Year_written_as_text_is_reported_at_the_year()
    {
        var (document, problems) = PlanJson.Read(DvCentre().Replace("\"year\": 2022,", "\"year\": \"2022\",", StringComparison.Ordinal));

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
