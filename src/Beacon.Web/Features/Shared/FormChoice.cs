namespace Beacon.Web.Features.Shared;

/// <summary>One of a form's fixed choices (a radio button, a select, a step's button) read from what was posted.</summary>
public static class FormChoice
{
    /// <summary>
    /// The value named exactly as the form sends it (Proportional, Good, Submit); null when blank or no such name. A
    /// number such as "7" names nothing, though an enum would take it.
    /// </summary>
    public static T? Of<T>(string? posted) where T : struct, Enum =>
        posted is { Length: > 0 } && char.IsAsciiLetter(posted[0]) && Enum.TryParse<T>(posted, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value : null;
}
