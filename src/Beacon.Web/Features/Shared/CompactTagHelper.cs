using System.Text;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// <c>&lt;compact&gt;…&lt;/compact&gt;</c>: writes its content with every run of white space that holds a line break
/// shortened to one line break: the source's indentation, which was two fifths of a scorecard's bytes. HTML shows any
/// run of white space as one space, so the page looks and reads the same; <c>pre</c> and <c>textarea</c> keep theirs.
/// Put it inside a <c>&lt;cache&gt;</c> block, so it runs once per cached rendering, not on every request.
/// </summary>
[HtmlTargetElement("compact")]
public sealed class CompactTagHelper : TagHelper
{
    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        var content = await output.GetChildContentAsync();
        output.TagName = null;
        output.Content.SetHtmlContent(Compact(content.GetContent()));
    }

    public static string Compact(string html)
    {
        var result = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] == '<' && Verbatim(html, i) is { } end)
            {
                var close = html.IndexOf(end, i, StringComparison.OrdinalIgnoreCase);
                var stop = close < 0 ? html.Length : close + end.Length;
                result.Append(html, i, stop - i);
                i = stop;
                continue;
            }
            if (char.IsWhiteSpace(html[i]))
            {
                var start = i;
                var newline = false;
                while (i < html.Length && char.IsWhiteSpace(html[i])) newline |= html[i++] == '\n';
                if (newline) result.Append('\n');
                else result.Append(html, start, i - start);
                continue;
            }
            result.Append(html[i++]);
        }
        return result.ToString();
    }

    private static string? Verbatim(string html, int at) =>
        StartsWithTag(html, at, "pre") ? "</pre>" : StartsWithTag(html, at, "textarea") ? "</textarea>" : null;

    private static bool StartsWithTag(string html, int at, string name) =>
        string.Compare(html, at + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
        && at + 1 + name.Length < html.Length && html[at + 1 + name.Length] is '>' or ' ' or '\t' or '\n' or '\r' or '/';
}
