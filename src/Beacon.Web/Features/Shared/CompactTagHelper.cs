using System.Text;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// <c>&lt;compact&gt;…&lt;/compact&gt;</c>: writes its content with every run of white space that holds a line break
/// shortened to one line break (the source's indentation, which was two fifths of a scorecard's bytes) and every other
/// run of spaces and tabs to one space. HTML shows any such run as one space, so the page looks and reads the same;
/// <c>pre</c> and <c>textarea</c> keep theirs, and so do the spaces HTML does not collapse (no-break, ideographic).
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
            if (Collapsible(html[i]))
            {
                var start = i;
                var newline = false;
                while (i < html.Length && Collapsible(html[i])) newline |= html[i++] == '\n';
                if (newline) result.Append('\n');
                else if (i - start > 1) result.Append(' ');
                else result.Append(html[start]);
                continue;
            }
            result.Append(html[i++]);
        }
        return result.ToString();
    }

    /// <summary>HTML's own white space, which it shows as one space; not U+00A0 or U+3000, which .NET counts as white space too.</summary>
    private static bool Collapsible(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private static string? Verbatim(string html, int at) =>
        StartsWithTag(html, at, "pre") ? "</pre>" : StartsWithTag(html, at, "textarea") ? "</textarea>" : null;

    private static bool StartsWithTag(string html, int at, string name) =>
        string.Compare(html, at + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
        && at + 1 + name.Length < html.Length && html[at + 1 + name.Length] is '>' or ' ' or '\t' or '\n' or '\r' or '/';
}
