using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
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

    /// <summary>The form's field for a problem path from <see cref="EvaluationWriter"/> (kpis[AC1.1].actual.value → Value).</summary>
    public static string FieldOf(string problemPath)
    {
        var dot = problemPath.IndexOf("].", StringComparison.Ordinal);
        var rest = dot < 0 ? "" : problemPath[(dot + 2)..];
        return rest switch
        {
            "actual.value" => nameof(Value),
            "actual.missingReason" or "actual.period" => nameof(Reason),
            var r when r.StartsWith("actual.inputs[", StringComparison.Ordinal) => "Inputs[" + r["actual.inputs[".Length..],
            var r when r.StartsWith("actual.parts[", StringComparison.Ordinal) => "Parts[" + r["actual.parts[".Length..],
            "actual.parts" => nameof(Value),
            var r when r.EndsWith(".innovation", StringComparison.Ordinal) => nameof(Innovation),
            var r when r.EndsWith(".challenge", StringComparison.Ordinal) => nameof(Challenge),
            var r when r.EndsWith(".contribution", StringComparison.Ordinal) => nameof(Contribution),
            var r when r.EndsWith(".explanation", StringComparison.Ordinal) || r.EndsWith(".comment", StringComparison.Ordinal) => nameof(Text),
            var r when r.EndsWith(".version", StringComparison.Ordinal) => nameof(Version),
            "actual" => nameof(Value),
            "review.light" => nameof(Light),
            _ => nameof(Code),
        };
    }

    /// <summary>
    /// Puts each problem of a save beside its field (<c>Rows[3].Value</c>) when it names a KPI on the form, keeping
    /// the first message per field; returns the others, shown above the form.
    /// </summary>
    public static IReadOnlyList<Problem> Place(IEnumerable<Problem> problems, IReadOnlyDictionary<string, int> indexOf, Dictionary<string, string> errors)
    {
        var other = new List<Problem>();
        foreach (var problem in problems)
        {
            var code = problem.Path.StartsWith("kpis[", StringComparison.Ordinal) ? problem.Path[5..problem.Path.IndexOf(']')] : null;
            if (code is not null && indexOf.TryGetValue(code, out var index))
                errors.TryAdd($"Rows[{index}].{FieldOf(problem.Path)}", problem.MessageFor(Shared.Ui.English));
            else other.Add(problem);
        }
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

    /// <summary>The actual as the form shows it: a value in Value, or the reason in Reason.</summary>
    public static (string? Value, string? Reason) Split(Beacon.Web.Data.KpiValue? actual)
    {
        if (actual is null) return (null, null);
        var parsed = ValueText.Parse(actual.Text);
        if (parsed.Form != ValueForm.Missing) return (actual.Text, null);
        const string prefix = "無實際值：";
        return (null, actual.Text.StartsWith(prefix, StringComparison.Ordinal) ? actual.Text[prefix.Length..] : actual.Text);
    }

    /// <summary>A stored number as the form shows it, at full precision (a round trip must not change it).</summary>
    public static string Show(decimal? value) => value?.ToString("0.########", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>One labelled input of the entry and review forms, with its error.</summary>
public sealed record InputField(string Name, string? Value, string Label, string? Error, bool Numeric = true, string? Css = null)
{
    public string Id => Name.Replace('[', '_').Replace(']', '_').Replace('.', '_');
}
