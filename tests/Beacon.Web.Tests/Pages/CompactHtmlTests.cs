using Beacon.Web.Features.Shared;

namespace Beacon.Web.Tests.Pages;

public sealed class CompactHtmlTests
{
    [Theory]
    [InlineData("<table>\n    <tr>\n        <td>1</td>\n    </tr>\n</table>", "<table>\n<tr>\n<td>1</td>\n</tr>\n</table>")]
    [InlineData("<span>市政</span> <span>府</span>", "<span>市政</span> <span>府</span>")]
    [InlineData("<td>  a  b  </td>", "<td> a b </td>")]
    [InlineData("<td>單位：元</div>\t\t  </td>", "<td>單位：元</div> </td>")]
    [InlineData("<td>a\u00a0\u00a0b\u3000\u3000c</td>", "<td>a\u00a0\u00a0b\u3000\u3000c</td>")]
    [InlineData("<p>\u3000\n  段落</p>", "<p>\u3000\n段落</p>")]
    [InlineData("<p>\r\n\t  text\r\n</p>", "<p>\ntext\n</p>")]
    [InlineData("<pre>\n  a\n    b\n</pre>\n   <p>x</p>", "<pre>\n  a\n    b\n</pre>\n<p>x</p>")]
    [InlineData("<textarea name=\"c\">\n  kept\n</textarea>", "<textarea name=\"c\">\n  kept\n</textarea>")]
    [InlineData("<presence>\n  x</presence>", "<presence>\nx</presence>")]
    [InlineData("", "")]
    public void Runs_of_white_space_become_one_line_break_or_one_space(string html, string expected) =>
        Assert.Equal(expected, CompactTagHelper.Compact(html));
}
