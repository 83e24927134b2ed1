using System.Globalization;
using System.Net;
using System.Text;
using Beacon.Core.Maps;

namespace Beacon.Web.Features.Documents;

/// <summary>
/// The strategy map drawn as SVG from its layout: the map page shows it, and the map documents (SVG, PNG, PDF) are
/// it. Themes link to their theme report, objectives to their row of the scorecard. A standalone drawing carries
/// its own styles (the page's come from site.css; the page's strict CSP allows no style element).
/// </summary>
public static class MapSvg
{
    /// <param name="planUrl">The plan's address, absolute in a file (https://…/orgs/TPE/2021), relative on the page.</param>
    /// <param name="picking">For the link editor: objectives are picked, not followed (no links to other pages).</param>
    public static string Write(MapLayout layout, string title, int themeCount, string planUrl, bool standalone, bool picking = false)
    {
        static string N(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
        static string E(string s) => WebUtility.HtmlEncode(s);
        var lineHeight = layout.FontSize * 1.35;
        var svg = new StringBuilder(32 * 1024);
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Append(N(layout.Width)).Append(' ').Append(N(layout.Height))
            .Append("\" width=\"").Append(N(layout.Width)).Append("\" height=\"").Append(N(layout.Height))
            .Append("\" role=\"group\" aria-labelledby=\"map-title\" font-size=\"").Append(N(layout.FontSize)).Append("\" data-themes=\"").Append(themeCount).Append("\"");
        if (picking) svg.Append(" class=\"picking\"");
        if (standalone) svg.Append(" class=\"map\" font-family=\"Noto Sans CJK TC, Noto Sans TC, sans-serif\"");
        svg.Append("><title id=\"map-title\">").Append(E(title)).Append("</title>");
        if (standalone) svg.Append("<style>").Append(StandaloneStyle).Append("</style>");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\" /></marker></defs>");
        foreach (var box in layout.Boxes)
        {
            var css = box.Kind switch
            {
                MapBoxKind.Header => "box header",
                MapBoxKind.ThemeHead => "box theme",
                MapBoxKind.PerspectiveLabel => "box perspective",
                MapBoxKind.SharedObjective => "box objective shared",
                MapBoxKind.Objective => "box objective",
                _ => "box corner",
            };
            var isObjective = box.Kind is MapBoxKind.Objective or MapBoxKind.SharedObjective;
            var href = picking ? null : box.Kind switch
            {
                MapBoxKind.Objective or MapBoxKind.SharedObjective => $"{planUrl}/scorecard#{box.Code}",
                MapBoxKind.ThemeHead => $"{planUrl}/themes/{box.Code}",
                _ => null,
            };
            var textX = box.Kind is MapBoxKind.Header ? box.X + 6 : box.CenterX;
            var anchor = box.Kind is MapBoxKind.Header ? "start" : "middle";
            var firstY = box.CenterY - (box.Lines.Count - 1) * lineHeight / 2;
            svg.Append("<g class=\"").Append(css).Append(box.CarriesCity ? " city" : "").Append('"');
            if (box.Code is not null) svg.Append(" data-code=\"").Append(E(box.Code)).Append('"');
            if (isObjective) svg.Append(" id=\"").Append(E(box.Code ?? "")).Append('"');
            svg.Append('>');
            if (href is not null) svg.Append("<a href=\"").Append(E(href)).Append("\">");
            svg.Append("<rect x=\"").Append(N(box.X)).Append("\" y=\"").Append(N(box.Y)).Append("\" width=\"").Append(N(box.Width)).Append("\" height=\"").Append(N(box.Height))
                .Append("\" rx=\"").Append(isObjective ? "10" : "3").Append("\" />");
            svg.Append("<text x=\"").Append(N(textX)).Append("\" text-anchor=\"").Append(anchor).Append("\" dominant-baseline=\"middle\">");
            for (var i = 0; i < box.Lines.Count; i++)
            {
                svg.Append("<tspan x=\"").Append(N(textX)).Append("\" y=\"").Append(N(firstY + i * lineHeight)).Append('"');
                if (i == 0 && isObjective) svg.Append(" class=\"code\"");
                svg.Append('>').Append(E(box.Lines[i])).Append("</tspan>");
            }
            svg.Append("</text>");
            if (href is not null) svg.Append("</a>");
            svg.Append("</g>");
        }
        // Links run between the boxes (StrategyMapRoutes): never across a box or its text.
        foreach (var route in StrategyMapRoutes.Route(layout))
            svg.Append("<polyline class=\"link\" points=\"").Append(string.Join(' ', route.Points.Select(p => $"{N(p.X)},{N(p.Y)}")))
                .Append("\" marker-end=\"url(#arrow)\" data-from=\"").Append(E(route.From)).Append("\" data-to=\"").Append(E(route.To))
                .Append("\"><title>").Append(E(route.From)).Append(" → ").Append(E(route.To)).Append("</title></polyline>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    // The rules of site.css's ".map" section, for a drawing that travels without the site's stylesheet.
    private const string StandaloneStyle =
        ".box rect{stroke:#7d8a99;stroke-width:1;fill:#fff}.box text{fill:#1d2733}.header rect{fill:#f0f4f8}" +
        ".theme rect{fill:#12355b}.theme text{fill:#fff;font-weight:700}.perspective rect{fill:#dfe6ee}.perspective text{font-weight:700}" +
        ".corner rect{fill:#dfe6ee}.objective rect{fill:#e6f0fb}.objective.shared rect{fill:#dbe8f7;stroke-dasharray:4 2}" +
        ".objective .code{font-weight:700}.link{fill:none;stroke:#b23b3b;stroke-width:1.5}.arrowhead{fill:#b23b3b}a{cursor:pointer}";
}
