using Beacon.Core.Comparison;
using Beacon.Core.Plans;

namespace Beacon.Web.Features.Comparison;

/// <summary>
/// Which rows of a comparison are shown, as the compare page's filters choose them and its document prints them: a kind
/// of change (none: every changed row; <see cref="AllRows"/>: unchanged rows too), a perspective, an item level.
/// </summary>
public sealed record ComparisonFilter(string? Kind, PerspectiveKind? Perspective, ItemLevel? Level)
{
    /// <summary>The kind filter's value for every row, unchanged ones too.</summary>
    public const string AllRows = "all";

    public bool Shows(ComparedItem item) =>
        (Kind switch
        {
            null or "" => !item.IsUnchanged,
            AllRows => true,
            _ => Enum.TryParse<ChangeKind>(Kind, ignoreCase: true, out var kind) && item.Has(kind),
        })
        && (Perspective is null || item.Perspective == Perspective)
        && (Level is null || item.Level == Level);

    /// <summary>Whether a filter narrows the rows beyond the default (every changed row).</summary>
    public bool Narrows => !string.IsNullOrEmpty(Kind) || Perspective is not null || Level is not null;

    /// <summary>The filter as query parameters after <c>with</c> (<c>&amp;kind=…&amp;perspective=…</c>), for links that keep it.</summary>
    public string Query() => string.Concat(
        string.IsNullOrEmpty(Kind) ? "" : $"&kind={Uri.EscapeDataString(Kind)}",
        Perspective is { } p ? $"&perspective={p}" : "",
        Level is { } l ? $"&level={l}" : "");
}
