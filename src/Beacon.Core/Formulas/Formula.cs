namespace Beacon.Core.Formulas;

/// <summary>
/// Why a formula text cannot be read, in Traditional Chinese and English. <see cref="Position"/> is the 0-based
/// character index into the text (the messages count from 1, as a reader does); <see cref="Length"/> covers the
/// offending part (0 at the end of the text).
/// </summary>
public sealed record FormulaError(int Position, int Length, string Message, string MessageEn)
{
    public string MessageFor(bool english) => english ? MessageEn : Message;
}

public sealed record FormulaParseResult(Formula? Formula, FormulaError? Error)
{
    public bool Succeeded => Formula is not null;
}

/// <summary>A computed KPI value, or no value with the reason why (a missing input, division by zero, overflow).</summary>
public sealed record FormulaResult(decimal? Value, string? MissingReason, string? MissingReasonEn)
{
    public bool HasValue => Value is not null;

    public string? MissingReasonFor(bool english) => english ? MissingReasonEn : MissingReason;

    /// <summary>
    /// The computed value as text at full precision (no rounding, no trailing zeros: 99.84615384615384615384615385,
    /// 100), to store as the actual; <see cref="Values.ValueText.Parse"/> reads it back as exactly <see cref="Value"/>.
    /// Null when there is no value.
    /// </summary>
    public string? ExactText => Value is { } value ? Formula.ExactText(value) : null;

    internal static FormulaResult Of(decimal value) => new(value, null, null);

    internal static FormulaResult Missing(string reason, string reasonEn) => new(null, reason, reasonEn);
}

/// <summary>
/// A KPI formula (計算公式) over named inputs, e.g. <c>依限完成派案評估之案件 / 通報件數 * 100</c>: agencies enter the
/// inputs, Beacon computes the value. Read by a small hand-written parser, never compiled or run as code; all
/// arithmetic is <see cref="decimal"/>. The language is described in docs/formulas.md.
/// </summary>
public sealed class Formula
{
    private readonly Node root;
    private readonly string canonical;

    private Formula(string text, Node root, IReadOnlyList<string> inputs)
    {
        Text = text;
        this.root = root;
        Inputs = inputs;
        canonical = root.Print(bracketAllNames: false);
    }

    /// <summary>Reads a formula. Bad text gives an error naming where and what; it never throws for text.</summary>
    public static FormulaParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, inputs, error) = Parser.Parse(text);
        return root is null
            ? new FormulaParseResult(null, error)
            : new FormulaParseResult(new Formula(text, root, inputs), null);
    }

    /// <summary>
    /// A decimal as invariant text at full precision: every digit kept (a decimal has at most 28 decimals), trailing
    /// zeros dropped, never an exponent. Rounding to one decimal is for display only (docs/evaluation.md).
    /// </summary>
    public static string ExactText(decimal value) =>
        value.ToString("0.############################", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The text as given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>The distinct input names, in order of first appearance.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>
    /// Computes the value from the inputs (names are matched exactly, by the dictionary's comparer). A missing
    /// input, a division by zero or a result beyond <see cref="decimal"/> gives no value and the reason; it never
    /// throws for values.
    /// </summary>
    public FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var missing = Inputs.Where(name => !inputs.ContainsKey(name)).ToList();
        if (missing.Count > 0) return FormulaMessages.MissingInputs(missing);
        return root.Evaluate(inputs);
    }

    /// <summary>
    /// The canonical text: ASCII operators with spaces around binary ones, lower-case function names, only the
    /// parentheses that the meaning needs, names in brackets only when they are not plain identifiers.
    /// Parsing it gives the same formula.
    /// </summary>
    public override string ToString() => canonical;

    /// <summary>The canonical text with every input name in brackets, as a converted printed formula shows it.</summary>
    internal string ToBracketedString() => root.Print(bracketAllNames: true);
}
