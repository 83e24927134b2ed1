using System.Text;
using Beacon.Core.Evaluation;
using Beacon.Core.Plans;

namespace Beacon.Core.Tests;

/// <summary>What a sent JSON body can be wrong in, and how each is named (JsonInput).</summary>
public sealed class JsonInputTests
{
    [Theory]
    [InlineData(new byte[] { 0x7B, 0xFF, 0x7D }, 1, 2)]                      // {ÿ}: 0xFF starts no character
    [InlineData(new byte[] { 0x7B, 0x0A, 0x22, 0xE5, 0x22, 0x7D }, 2, 4)]   // a three-byte character cut after its first byte, on line 2
    [InlineData(new byte[] { 0xC0, 0xAF }, 1, 1)]                           // an overlong '/'
    public void Bytes_that_are_not_UTF8_are_named_by_line_and_byte(byte[] bytes, int line, int at)
    {
        var (text, problem) = JsonInput.Decode(bytes);

        Assert.Null(text);
        Assert.Equal("$", problem!.Path);
        Assert.Contains($"line {line}, byte {at}", problem.MessageEn);
        Assert.Contains($"第 {line} 行，第 {at} 個位元組", problem.Message);
    }

    [Fact]
    public void UTF8_text_is_read_as_it_is_and_a_byte_order_mark_is_dropped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("""{"title":"臺北市"}""")).ToArray();

        Assert.Equal("""{"title":"臺北市"}""", JsonInput.Decode(bytes).Text);
    }

    [Theory]
    [InlineData("""{"title":"\ud800"}""", "$.title")]
    [InlineData("""{"a":[1,{"b":"ok \udfff"}]}""", "$.a[1].b")]
    [InlineData("""{"\ud800":1}""", "$")]
    public void An_escape_that_is_no_character_is_named_by_its_path(string json, string path)
    {
        var (document, problem) = JsonInput.Parse(json);

        Assert.Null(document);
        Assert.Equal(path, problem!.Path);
    }

    [Fact]
    public void A_surrogate_pair_escape_is_a_character()
    {
        var (value, problem) = JsonInput.Read<SelfEntry>("""{"explanation":"\ud842\udfb7"}""");

        Assert.Null(problem);
        Assert.Equal("𠮷", value!.Explanation);
    }

    [Theory]
    [InlineData("""{"innovation":"80"}""", "$.innovation")]
    [InlineData("""{"innovation":80,"unknown":1}""", "$")]
    [InlineData("null", "$")]
    [InlineData("", "$")]
    public void A_body_that_cannot_be_read_as_the_entry_is_one_problem_naming_the_place(string json, string path)
    {
        var (value, problem) = JsonInput.Read<SelfEntry>(json);

        Assert.Null(value);
        Assert.StartsWith(path, problem!.Path);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    public void A_plan_whose_format_version_is_no_number_is_refused_naming_it_not_thrown(string version)
    {
        var (document, problems) = PlanJson.Read($$"""{"formatVersion":{{version}},"title":"\ud800x"}""");

        Assert.Null(document);
        Assert.Contains(problems, p => p.Path is "$.formatVersion" or "$.title");
    }
}
