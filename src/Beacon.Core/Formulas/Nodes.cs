using System.Globalization;
using System.Text;

namespace Beacon.Core.Formulas;

internal enum BinaryOperator { Add, Subtract, Multiply, Divide }

internal enum FormulaFunction { Sum, Avg, Min, Max, Round }

/// <summary>
/// A node of a parsed formula. Each knows its depth (the parser bounds it, so evaluating and printing recurse a
/// bounded number of times), how tightly it binds when printed, how to compute itself and how to print itself.
/// </summary>
internal abstract record Node
{
    // Printing precedence: the higher, the tighter.
    protected const int SumLevel = 1, ProductLevel = 2, NegateLevel = 3, PercentLevel = 4, AtomLevel = 5;

    public abstract int Depth { get; }

    public abstract int Level { get; }

    public abstract FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs);

    public abstract void Write(StringBuilder text, bool bracketAllNames);

    public string Print(bool bracketAllNames)
    {
        var text = new StringBuilder();
        Write(text, bracketAllNames);
        return text.ToString();
    }

    protected static void WriteOperand(StringBuilder text, Node node, bool parenthesize, bool bracketAllNames)
    {
        if (parenthesize) text.Append('(');
        node.Write(text, bracketAllNames);
        if (parenthesize) text.Append(')');
    }
}

internal sealed record NumberNode(decimal Value) : Node
{
    public override int Depth => 1;

    public override int Level => AtomLevel;

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs) => FormulaResult.Of(Value);

    // Invariant text keeps the scale as written (0.50 stays 0.50) and never uses an exponent.
    public override void Write(StringBuilder text, bool bracketAllNames) => text.Append(Value.ToString(CultureInfo.InvariantCulture));
}

internal sealed record InputNode(string Name) : Node
{
    public override int Depth => 1;

    public override int Level => AtomLevel;

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs) =>
        inputs.TryGetValue(Name, out var value) ? FormulaResult.Of(value) : FormulaMessages.MissingInputs([Name]);

    public override void Write(StringBuilder text, bool bracketAllNames)
    {
        if (!bracketAllNames && Tokenizer.IsPlainName(Name)) text.Append(Name);
        // A name read from […] holds no square bracket; one read from 「…」 holds no corner bracket. So a name with
        // a square bracket came from 「…」 and goes back into it, and every other name fits in […].
        else if (Name.AsSpan().IndexOfAny("[]［］") >= 0) text.Append('「').Append(Name).Append('」');
        else text.Append('[').Append(Name).Append(']');
    }
}

internal sealed record NegateNode(Node Operand) : Node
{
    public override int Depth { get; } = 1 + Operand.Depth;

    public override int Level => NegateLevel;

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs)
    {
        var operand = Operand.Evaluate(inputs);
        return operand.Value is { } value ? FormulaResult.Of(-value) : operand;
    }

    public override void Write(StringBuilder text, bool bracketAllNames)
    {
        text.Append('-');
        // -(-a) rather than --a; -(a + b) keeps its parentheses.
        WriteOperand(text, Operand, Operand.Level <= NegateLevel, bracketAllNames);
    }
}

/// <summary>x% is x / 100.</summary>
internal sealed record PercentNode(Node Operand) : Node
{
    public override int Depth { get; } = 1 + Operand.Depth;

    public override int Level => PercentLevel;

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs)
    {
        var operand = Operand.Evaluate(inputs);
        return operand.Value is { } value ? FormulaResult.Of(value / 100m) : operand;
    }

    public override void Write(StringBuilder text, bool bracketAllNames)
    {
        WriteOperand(text, Operand, Operand.Level < AtomLevel, bracketAllNames);
        text.Append('%');
    }
}

internal sealed record BinaryNode(BinaryOperator Operator, Node Left, Node Right) : Node
{
    public override int Depth { get; } = 1 + Math.Max(Left.Depth, Right.Depth);

    public override int Level => Operator is BinaryOperator.Add or BinaryOperator.Subtract ? SumLevel : ProductLevel;

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs)
    {
        var left = Left.Evaluate(inputs);
        if (left.Value is not { } a) return left;
        var right = Right.Evaluate(inputs);
        if (right.Value is not { } b) return right;
        if (Operator == BinaryOperator.Divide && b == 0m)
            return FormulaMessages.DivisionByZero(Right is InputNode input ? input.Name : Right.Print(bracketAllNames: false));
        try
        {
            return FormulaResult.Of(Operator switch
            {
                BinaryOperator.Add => a + b,
                BinaryOperator.Subtract => a - b,
                BinaryOperator.Multiply => a * b,
                _ => a / b,
            });
        }
        catch (OverflowException)
        {
            return FormulaMessages.Overflow(Print(bracketAllNames: false));
        }
    }

    public override void Write(StringBuilder text, bool bracketAllNames)
    {
        // Left-associative: a - (b - c) and a / (b * c) keep their parentheses; (a - b) - c needs none.
        WriteOperand(text, Left, Left.Level < Level, bracketAllNames);
        text.Append(Operator switch
        {
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Multiply => " * ",
            _ => " / ",
        });
        WriteOperand(text, Right, Right.Level <= Level, bracketAllNames);
    }
}

internal sealed record CallNode(FormulaFunction Function, IReadOnlyList<Node> Arguments) : Node
{
    public override int Depth { get; } = 1 + Arguments.Max(a => a.Depth);

    public override int Level => AtomLevel;

    public static string NameOf(FormulaFunction function) => function.ToString().ToLowerInvariant();

    public override FormulaResult Evaluate(IReadOnlyDictionary<string, decimal> inputs)
    {
        var values = new decimal[Arguments.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var argument = Arguments[i].Evaluate(inputs);
            if (argument.Value is not { } value) return argument;
            values[i] = value;
        }
        try
        {
            return FormulaResult.Of(Function switch
            {
                FormulaFunction.Sum => Sum(values),
                FormulaFunction.Avg => Sum(values) / values.Length,
                FormulaFunction.Min => values.Min(),
                FormulaFunction.Max => values.Max(),
                // The parser accepts only a whole number 0..10 as the second argument.
                _ => Math.Round(values[0], values.Length > 1 ? (int)values[1] : 0, MidpointRounding.AwayFromZero),
            });
        }
        catch (OverflowException)
        {
            return FormulaMessages.Overflow(Print(bracketAllNames: false));
        }
    }

    private static decimal Sum(decimal[] values)
    {
        var sum = 0m;
        foreach (var value in values) sum += value;
        return sum;
    }

    public override void Write(StringBuilder text, bool bracketAllNames)
    {
        text.Append(NameOf(Function)).Append('(');
        for (var i = 0; i < Arguments.Count; i++)
        {
            if (i > 0) text.Append(", ");
            Arguments[i].Write(text, bracketAllNames);
        }
        text.Append(')');
    }
}
