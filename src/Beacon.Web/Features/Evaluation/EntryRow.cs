using System.Globalization;
using System.Text.Json;
using Beacon.Core;
using Beacon.Core.Values;

namespace Beacon.Web.Features.Evaluation;

/// <summary>One KPI's fields on the entry or review form, as typed (strings, so a non-number can be named).</summary>
public sealed partial class EntryRow
{
    public string Code { get; set; } = "";
    public string? Value { get; set; }
    public string? Reason { get; set; }
    public Dictionary<string, string?> Inputs { get; set; } = [];
    /// <summary>Each part's actual, for a KPI printed in parts.</summary>
    public List<string?> Parts { get; set; } = [];
    public string? Innovation { get; set; }
    public string? Challenge { get; set; }
    public string? Contribution { get; set; }
    public string? Met { get; set; }
    public string? Text { get; set; }
    public string? Light { get; set; }
    public int Version { get; set; }
    /// <summary>
    /// The row as the form showed it (<see cref="Snapshot"/>), posted back so a save compares with what the person saw,
    /// not with what is stored now: a row they did not change is not written, whatever someone else saved meanwhile.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Seen { get; set; }

    /// <summary>The row's shown fields as one string for the form's hidden <see cref="Seen"/> field.</summary>
    public string Snapshot() => JsonSerializer.Serialize(this);

    /// <summary>What the person saw, from the posted <see cref="Seen"/>; null when missing or not readable.</summary>
    public EntryRow? Original()
    {
        if (string.IsNullOrEmpty(Seen)) return null;
        try { return JsonSerializer.Deserialize<EntryRow>(Seen); }
        catch (JsonException) { return null; }
    }

    /// <summary>The same text once blanks and surrounding spaces are ignored.</summary>
    public static bool Same(string? a, string? b) => (a ?? "").Trim() == (b ?? "").Trim();

    /// <summary>The form's field of a row for the place a problem is about (actual value → Value, an input → Inputs[name] …).</summary>
    public static string FieldOf(EntryPlace place) => place.Field switch
    {
        EntryField.MissingReason or EntryField.Period => nameof(Reason),
        EntryField.Input or EntryField.InputValue => $"Inputs[{place.Key}]",
        EntryField.Part => $"Parts[{place.Key}]",
        EntryField.Innovation => nameof(Innovation),
        EntryField.Challenge => nameof(Challenge),
        EntryField.Contribution => nameof(Contribution),
        EntryField.Explanation or EntryField.Comment => nameof(Text),
        EntryField.Version => nameof(Version),
        EntryField.Light => nameof(Light),
        _ when place.Block is EntryBlock.Actual or EntryBlock.Progress => nameof(Value),
        _ => nameof(Code),
    };

    /// <summary>
    /// Puts each problem of a save beside its field (<c>Rows[3].Value</c>) when its place is a row of the form
    /// (<paramref name="rowOf"/>: by KPI code, or by period), keeping the first message per field; returns the
    /// others, shown above the form.
    /// </summary>
    public static IReadOnlyList<Problem> Place(IEnumerable<Problem> problems, Func<EntryPlace, int?> rowOf, Dictionary<string, string> errors)
    {
        var other = new List<Problem>();
        foreach (var problem in problems)
            if (problem.Place is { } place && rowOf(place) is { } index)
                errors.TryAdd($"Rows[{index}].{FieldOf(place)}", problem.MessageFor(Shared.Ui.English));
            else other.Add(problem);
        return other;
    }

    /// <summary>
    /// Reads a typed number strictly (<see cref="EnteredNumber"/>: a comma only separates thousands, so "8,5" is
    /// refused rather than read as 85); null when blank; a problem naming the field when it is not a number.
    /// </summary>
    public static decimal? Number(string? text, string field, List<(string Field, Problem Problem)> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var read = EnteredNumber.Parse(text, path: field);
        if (read.Problem is { } problem) errors.Add((field, problem));
        return read.Value;
    }

    public static bool? Bool(string? text) => text switch { "true" => true, "false" => false, _ => null };

    /// <summary>The actual as the form shows it: a value in Value, or the stored missing reason in Reason.</summary>
    public static (string? Value, string? Reason) Split(Beacon.Web.Data.KpiValue? actual) =>
        actual is null ? (null, null) : actual.Form == ValueForm.Missing ? (null, actual.MissingReason ?? actual.Text) : (actual.Text, null);

    /// <summary>A stored number as the form shows it, at full precision (a round trip must not change it).</summary>
    public static string Show(decimal? value) => value?.ToString("0.########", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>One labelled input of the entry and review forms, with its error.</summary>
public sealed record InputField(string Name, string? Value, string Label, string? Error, bool Numeric = true, string? Css = null, bool ReadOnly = false)
{
    public string Id => Name.Replace('[', '_').Replace(']', '_').Replace('.', '_');
}
