namespace Beacon.Core.Formulas;

/// <summary>
/// Recursive descent over the tokens:
/// <code>
/// formula := sum END
/// sum     := product (("+" | "-") product)*
/// product := unary (("*" | "/") unary)*
/// unary   := "-" unary | postfix
/// postfix := primary "%"?
/// primary := NUMBER | NAME | BRACKET_NAME | NAME "(" sum ("," sum)* ")" | "(" sum ")"
/// </code>
/// The first problem found ends the reading; it is reported with its position.
/// </summary>
internal sealed class Parser
{
    /// <summary>Bounds nesting and tree depth, so that no text can exhaust the stack; KPI formulas use a handful.</summary>
    public const int MaxDepth = 200;

    private readonly List<Token> tokens;
    private readonly List<string> inputs = [];
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private int index;
    private int nesting;
    private string? function; // the function whose arguments are being read, for "empty argument"

    private Parser(List<Token> tokens) => this.tokens = tokens;

    public static (Node? Root, IReadOnlyList<string> Inputs, FormulaError? Error) Parse(string text)
    {
        try
        {
            var tokens = Tokenizer.Read(text);
            if (tokens[0].Kind == TokenKind.End) return (null, [], FormulaMessages.Empty());
            var parser = new Parser(tokens);
            var root = parser.ParseSum();
            if (parser.Peek().Kind != TokenKind.End) throw parser.Misplaced(parser.Peek());
            return (root, parser.inputs.AsReadOnly(), null);
        }
        catch (FormulaSyntaxException problem)
        {
            return (null, [], problem.Error);
        }
    }

    private Node ParseSum()
    {
        var left = ParseProduct();
        while (Peek().Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Next();
            var right = ParseProduct();
            left = Bounded(new BinaryNode(op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, right), op);
        }
        return left;
    }

    private Node ParseProduct()
    {
        var left = ParseUnary();
        while (Peek().Kind is TokenKind.Times or TokenKind.Divide)
        {
            var op = Next();
            var right = ParseUnary();
            left = Bounded(new BinaryNode(op.Kind == TokenKind.Times ? BinaryOperator.Multiply : BinaryOperator.Divide, left, right), op);
        }
        return left;
    }

    private Node ParseUnary()
    {
        if (Peek().Kind != TokenKind.Minus) return ParsePostfix();
        var minus = Next();
        Enter(minus);
        var operand = ParseUnary();
        nesting--;
        return Bounded(new NegateNode(operand), minus);
    }

    private Node ParsePostfix()
    {
        var operand = ParsePrimary();
        if (Peek().Kind != TokenKind.Percent) return operand;
        return Bounded(new PercentNode(operand), Next());
    }

    private Node ParsePrimary()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Number:
                Next();
                return new NumberNode(token.Number);
            case TokenKind.BracketName:
                Next();
                return Input(token.Name);
            case TokenKind.Name:
                Next();
                return Peek().Kind == TokenKind.Open ? ParseCall(token) : Input(token.Name);
            case TokenKind.Open:
                return ParseGroup();
            case TokenKind.Plus or TokenKind.Times or TokenKind.Divide or TokenKind.Percent:
                throw Fail(FormulaMessages.NoOperandBefore(token.Position, token.Source));
            default:
                throw MissingOperand(token);
        }
    }

    private Node ParseGroup()
    {
        var open = Next();
        Enter(open);
        var outer = function;
        function = null;
        var inner = ParseSum();
        function = outer;
        var next = Peek();
        if (next.Kind == TokenKind.End) throw Fail(FormulaMessages.MissingClose(next.Position, open.Position));
        if (next.Kind != TokenKind.Close) throw Misplaced(next);
        Next();
        nesting--;
        return inner;
    }

    private Node ParseCall(Token name)
    {
        FormulaFunction? known = name.Name.ToLowerInvariant() switch
        {
            "sum" => FormulaFunction.Sum,
            "avg" => FormulaFunction.Avg,
            "min" => FormulaFunction.Min,
            "max" => FormulaFunction.Max,
            "round" => FormulaFunction.Round,
            _ => null,
        };
        if (known is not { } kind) throw Fail(FormulaMessages.UnknownFunction(name.Position, name.Source));
        var open = Next();
        Enter(open);
        var outer = function;
        function = CallNode.NameOf(kind);
        var arguments = new List<Node>();
        var spans = new List<(int Position, int Length)>();
        if (Peek().Kind == TokenKind.Close)
        {
            Next();
        }
        else
        {
            while (true)
            {
                var first = Peek();
                arguments.Add(ParseSum());
                spans.Add((first.Position, tokens[index - 1].End - first.Position));
                var next = Peek();
                if (next.Kind == TokenKind.Comma)
                {
                    Next();
                    continue;
                }
                if (next.Kind == TokenKind.Close)
                {
                    Next();
                    break;
                }
                if (next.Kind == TokenKind.End) throw Fail(FormulaMessages.MissingClose(next.Position, open.Position));
                throw Misplaced(next);
            }
        }
        function = outer;
        nesting--;

        var callLength = tokens[index - 1].End - name.Position;
        if (kind == FormulaFunction.Round)
        {
            if (arguments.Count is not (1 or 2))
                throw Fail(FormulaMessages.RoundArguments(name.Position, callLength, arguments.Count));
            if (arguments.Count == 2 && !IsDecimalPlaces(arguments[1]))
                throw Fail(FormulaMessages.RoundDigits(spans[1].Position, spans[1].Length));
        }
        else if (arguments.Count == 0)
        {
            throw Fail(FormulaMessages.AtLeastOneArgument(name.Position, callLength, CallNode.NameOf(kind)));
        }
        return Bounded(new CallNode(kind, arguments.AsReadOnly()), name);
    }

    private static bool IsDecimalPlaces(Node node) =>
        node is NumberNode { Value: var places } && places == decimal.Truncate(places) && places is >= 0m and <= 10m;

    private InputNode Input(string name)
    {
        if (seen.Add(name)) inputs.Add(name);
        return new InputNode(name);
    }

    /// <summary>An operand was expected at <paramref name="token"/>, which cannot start one (a ')' ',' or the end).</summary>
    private FormulaSyntaxException MissingOperand(Token token)
    {
        Token? previous = index > 0 ? tokens[index - 1] : null;
        if (previous is { IsBinaryOperator: true } op)
            return Fail(FormulaMessages.NoOperandAfter(op.Position, op.Source));
        if (previous is { Kind: TokenKind.Open } open)
        {
            if (token.Kind == TokenKind.End) return Fail(FormulaMessages.MissingClose(token.Position, open.Position));
            if (token.Kind == TokenKind.Close && function is null)
                return Fail(FormulaMessages.EmptyParentheses(open.Position, token.End - open.Position));
        }
        if (previous is { Kind: TokenKind.Open or TokenKind.Comma } && function is not null)
            return Fail(FormulaMessages.EmptyArgument(token.Position, function));
        return Misplaced(token);
    }

    /// <summary><paramref name="token"/> follows a complete operand but does not belong there.</summary>
    private FormulaSyntaxException Misplaced(Token token)
    {
        if (token.StartsOperand)
        {
            var previous = tokens[index - 1];
            return Fail(FormulaMessages.MissingOperator(token.Position, token.Length, previous.Source, token.Source));
        }
        return token.Kind switch
        {
            TokenKind.Close => Fail(FormulaMessages.UnmatchedClose(token.Position, token.Source)),
            TokenKind.Comma => Fail(FormulaMessages.CommaOutsideFunction(token.Position, token.Source)),
            _ => Fail(FormulaMessages.Unexpected(token.Position, token.Source)),
        };
    }

    private T Bounded<T>(T node, Token at) where T : Node =>
        node.Depth > MaxDepth ? throw Fail(FormulaMessages.TooDeep(at.Position, at.Length, MaxDepth)) : node;

    private void Enter(Token at)
    {
        if (++nesting > MaxDepth) throw Fail(FormulaMessages.TooDeep(at.Position, at.Length, MaxDepth));
    }

    private Token Peek() => tokens[index];

    private Token Next() => tokens[index++];

    private static FormulaSyntaxException Fail(FormulaError error) => new(error);
}
