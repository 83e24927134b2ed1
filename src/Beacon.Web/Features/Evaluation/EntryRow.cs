using System.Globalization;
using Beacon.Core;
using Beacon.Core.Values;

namespace Beacon.Web.Features.Evaluation;

/// <summary>One KPI's fields on the entry or review form, as typed (strings, so a non-number can be named).</summary>
public sealed class EntryRow
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
            _ => nameof(Code),
        };
    }

    /// <summary>Reads a typed number; null when blank; a problem when it is not a number.</summary>
    public static decimal? Number(string? text, string field, List<(string Field, Problem Problem)> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim().Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add((field, new Problem(field, $"「{text}」不是數字", $"'{text}' is not a number")));
        return null;
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
