using System.Globalization;
using System.Text;

namespace Beacon.Core.Formulas;

internal enum TokenKind { Number, Name, BracketName, Plus, Minus, Times, Divide, Percent, Open, Close, Comma, End }

/// <summary>
/// One token: where it sits in the text and the text itself (<see cref="Source"/>, for messages); a name token
/// also carries the name (without brackets), a number token its value.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, int Length, string Source, string Name = "", decimal Number = 0m)
{
    public int End => Position + Length;

    public bool StartsOperand => Kind is TokenKind.Number or TokenKind.Name or TokenKind.BracketName or TokenKind.Open;

    public bool IsBinaryOperator => Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Times or TokenKind.Divide;
}

internal sealed class FormulaSyntaxException(FormulaError error) : Exception(error.MessageEn)
{
    public FormulaError Error { get; } = error;
}

/// <summary>Splits formula text into tokens; full-width and typographic operators read as their ASCII forms.</summary>
internal static class Tokenizer
{
    /// <summary>The tokens, ending with <see cref="TokenKind.End"/>; throws <see cref="FormulaSyntaxException"/>.</summary>
    public static List<Token> Read(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                var end = i + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                throw Fail(FormulaMessages.NumberWithoutLeadingDigit(i, text[i..end]));
            }
            if (NameStartWidth(text, i) > 0)
            {
                var start = i;
                i = NameEnd(text, i);
                tokens.Add(new Token(TokenKind.Name, start, i - start, text[start..i], text[start..i]));
                continue;
            }
            if (c is '[' or '［' or '「')
            {
                tokens.Add(ReadBracketName(text, ref i));
                continue;
            }
            TokenKind? kind = c switch
            {
                '+' or '＋' => TokenKind.Plus,
                '-' or '－' or '−' => TokenKind.Minus,
                '*' or '＊' or '×' => TokenKind.Times,
                '/' or '／' or '÷' => TokenKind.Divide,
                '%' or '％' => TokenKind.Percent,
                '(' or '（' => TokenKind.Open,
                ')' or '）' => TokenKind.Close,
                ',' or '，' => TokenKind.Comma,
                _ => null,
            };
            if (kind is null) throw Fail(UnexpectedCharacter(text, i));
            tokens.Add(new Token(kind.Value, i, 1, c.ToString()));
            i++;
        }
        tokens.Add(new Token(TokenKind.End, text.TrimEnd().Length, 0, ""));
        return tokens;
    }

    /// <summary>True when the text can stand as a name without brackets: letters, digits and _, not starting with a digit.</summary>
    public static bool IsPlainName(string name) =>
        name.Length > 0 && NameStartWidth(name, 0) > 0 && NameEnd(name, 0) == name.Length;

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        var whole = i;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (i == text.Length || !char.IsAsciiDigit(text[i]))
                throw Fail(FormulaMessages.NumberWithoutFraction(start, text[start..i]));
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] == '.')
        {
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            throw Fail(FormulaMessages.MalformedNumber(start, text[start..i]));
        }
        // "1,000" would read as two arguments inside a function; a comma between digit groups is refused instead.
        if (i == whole && LooksLikeThousands(text, i))
        {
            var end = i;
            while (LooksLikeThousands(text, end)) end += 4;
            throw Fail(FormulaMessages.ThousandsSeparator(start, text[start..end]));
        }
        if (i < text.Length && NamePartWidth(text, i) > 0)
            throw Fail(FormulaMessages.NameStartsWithDigit(start, text[start..NameEnd(text, i)]));
        var digits = text[start..i];
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            throw Fail(FormulaMessages.NumberTooLarge(start, digits));
        return new Token(TokenKind.Number, start, i - start, digits, Number: value);
    }

    private static bool LooksLikeThousands(string text, int comma) =>
        comma + 3 < text.Length && text[comma] is ',' or '，'
        && char.IsAsciiDigit(text[comma + 1]) && char.IsAsciiDigit(text[comma + 2]) && char.IsAsciiDigit(text[comma + 3])
        && (comma + 4 == text.Length || !char.IsAsciiDigit(text[comma + 4]));

    private static Token ReadBracketName(string text, ref int i)
    {
        var start = i;
        var open = text[i];
        var close = open == '「' ? '」' : ']';
        i++;
        while (i < text.Length && !IsCloser(open, text[i]))
        {
            // An opening bracket of the same kind inside a name means the earlier one was never closed.
            if (text[i] == open || (open != '「' && text[i] is '[' or '［'))
                throw Fail(FormulaMessages.UnclosedName(start, open, close));
            i++;
        }
        if (i == text.Length) throw Fail(FormulaMessages.UnclosedName(start, open, close));
        var name = text[(start + 1)..i].Trim();
        i++;
        if (name.Length == 0) throw Fail(FormulaMessages.EmptyName(start, i - start));
        return new Token(TokenKind.BracketName, start, i - start, text[start..i], name);
    }

    private static bool IsCloser(char open, char c) => open == '「' ? c == '」' : c is ']' or '］';

    private static int NameEnd(string text, int i)
    {
        var width = NameStartWidth(text, i);
        if (width == 0) width = NamePartWidth(text, i);
        while (width > 0)
        {
            i += width;
            width = NamePartWidth(text, i);
        }
        return i;
    }

    // Widths in chars, so that letters outside the Basic Multilingual Plane (rare CJK characters) count too.
    private static int NameStartWidth(string text, int i) =>
        Rune.TryGetRuneAt(text, i, out var rune) && (Rune.IsLetter(rune) || rune.Value == '_') ? rune.Utf16SequenceLength : 0;

    private static int NamePartWidth(string text, int i)
    {
        if (i >= text.Length || !Rune.TryGetRuneAt(text, i, out var rune)) return 0;
        var category = Rune.GetUnicodeCategory(rune);
        var part = Rune.IsLetterOrDigit(rune) || rune.Value == '_'
            || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
        return part ? rune.Utf16SequenceLength : 0;
    }

    private static FormulaError UnexpectedCharacter(string text, int i)
    {
        if (!Rune.TryGetRuneAt(text, i, out var rune))
            return FormulaMessages.UnexpectedCharacter(i, 1, $"U+{(int)text[i]:X4}");
        var shown = Rune.IsControl(rune) ? $"U+{rune.Value:X4}" : rune.ToString();
        return FormulaMessages.UnexpectedCharacter(i, rune.Utf16SequenceLength, shown);
    }

    private static FormulaSyntaxException Fail(FormulaError error) => new(error);
}
