using Beacon.Core.Formulas;
using FsCheck;
using FsCheck.Fluent;

namespace Beacon.Core.Tests.Formulas;

public class FormulaPropertyTests
{
    private static readonly string[] Names = ["a", "通報件數", "[14個日曆天內完成評估件數]", "「b c」"];

    private static readonly Dictionary<string, decimal> SomeInputs = new()
    {
        ["a"] = 3m, ["通報件數"] = 0m, ["14個日曆天內完成評估件數"] = -2.5m, ["b c"] = 79_228_162_514_264_337_593_543_950_335m,
    };

    private static Gen<decimal> Numbers =>
        Gen.Elements(0m, 1m, 2m, 0.5m, 100m, 7.25m, 0.001m, 123456789m, 79_228_162_514_264_337_593_543_950_335m);

    /// <summary>Well-formed formula text of random shape, in every spelling the language accepts.</summary>
    private static Gen<string> Expressions(int size)
    {
        var number = Numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var name = Gen.Elements(Names);
        var leaf = Gen.OneOf(number, name);
        if (size <= 0) return leaf;
        var smaller = Expressions(size / 2);
        var op = Gen.Elements("+", "-", "*", "/", "＋", "－", "−", "×", "＊", "÷", "／");
        var binary = from l in smaller from o in op from r in smaller select $"{l} {o} {r}";
        var grouped = smaller.Select(e => $"({e})");
        var fullWidthGroup = smaller.Select(e => $"（{e}）");
        var negated = smaller.Select(e => $"-({e})");
        var percent = smaller.Select(e => $"({e})%");
        var function = from f in Gen.Elements("sum", "avg", "min", "MAX")
                       from args in smaller.NonEmptyListOf()
                       select $"{f}({string.Join(", ", args.Take(4))})";
        var rounded = from e in smaller from places in Gen.Choose(0, 10) select $"round({e}, {places})";
        return Gen.OneOf(leaf, binary, binary, grouped, fullWidthGroup, negated, percent, function, rounded);
    }

    private static Arbitrary<string> Formulas => Gen.Sized(size => Expressions(Math.Min(size, 40))).ToArbitrary();

    [Fact]
    public void Evaluation_of_random_well_formed_expressions_never_throws()
    {
        Prop.ForAll(Formulas, text =>
        {
            var parsed = Formula.Parse(text);
            if (!parsed.Succeeded) return false;
            var result = parsed.Formula!.Evaluate(SomeInputs);
            // Either a value, or no value with a reason in both languages.
            return result.HasValue == (result.MissingReason is null) && result.HasValue == (result.MissingReasonEn is null);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Canonical_text_parses_back_to_the_same_formula_and_value()
    {
        Prop.ForAll(Formulas, text =>
        {
            var formula = Formula.Parse(text).Formula!;
            var again = Formula.Parse(formula.ToString()).Formula;
            return again is not null
                && again.ToString() == formula.ToString()
                && again.Inputs.SequenceEqual(formula.Inputs)
                && again.Evaluate(SomeInputs) == formula.Evaluate(SomeInputs);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Addition_of_numbers_is_commutative()
    {
        var numbers = ArbMap.Default.ArbFor<decimal>().Convert(d => decimal.Round(d, 6), d => d);
        Prop.ForAll(numbers, numbers, (a, b) =>
        {
            var inputs = new Dictionary<string, decimal> { ["a"] = a, ["b"] = b };
            var ab = Formula.Parse("a + b").Formula!.Evaluate(inputs);
            var ba = Formula.Parse("b + a").Formula!.Evaluate(inputs);
            return ab == ba;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Literal_numbers_evaluate_to_themselves()
    {
        var numbers = ArbMap.Default.ArbFor<decimal>().Convert(d => Math.Abs(decimal.Round(d, 6)), d => d);
        Prop.ForAll(numbers, number =>
        {
            var text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Formula.Parse(text).Formula!.Evaluate(new Dictionary<string, decimal>()).Value == number;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_never_throws_on_arbitrary_text()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null), text =>
        {
            var parsed = Formula.Parse(text);
            return parsed.Succeeded
                ? parsed.Error is null && parsed.Formula!.Text == text
                : parsed.Error is { } error && error.Position >= 0 && error.Position <= text.Length
                  && error.Message.StartsWith($"第 {error.Position + 1} 個字元：", StringComparison.Ordinal);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Parse_never_throws_on_text_made_of_formula_pieces()
    {
        // Random strings seldom look like formulas; these are built from what formulas are made of.
        var pieces = Gen.Elements("a", "通報件數", "1", "0.5", "100", "1,000", " ", "+", "-", "*", "/", "%", "(", ")", "（", "）",
            ",", "，", "[", "]", "「", "」", "sum", "round", "foo", "×", "÷", ".", "=", "14個");
        var texts = pieces.ListOf().Select(p => string.Concat(p));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            var parsed = Formula.Parse(text);
            if (!parsed.Succeeded)
                return parsed.Error is { } error && error.Position >= 0 && error.Position + error.Length <= text.Length;
            var result = parsed.Formula!.Evaluate(new Dictionary<string, decimal> { ["a"] = 2m, ["通報件數"] = 0m });
            return result.HasValue != (result.MissingReason is not null);
        }).QuickCheckThrowOnFailure();
    }
}
