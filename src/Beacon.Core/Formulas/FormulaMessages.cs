namespace Beacon.Core.Formulas;

/// <summary>
/// Every message the formula language gives, in Traditional Chinese (the interface default) and English, in one
/// place so that the user guide (docs/formulas.md) can list them. Errors start with the character they point at,
/// counted from 1.
/// </summary>
internal static class FormulaMessages
{
    public const string FunctionList = "sum、avg、min、max、round";
    public const string FunctionListEn = "sum, avg, min, max, round";

    private static FormulaError At(int position, int length, string message, string messageEn) =>
        new(position, length, $"第 {position + 1} 個字元：{message}", $"at character {position + 1}: {messageEn}");

    // Reading characters

    public static FormulaError Empty() => At(0, 0, "公式是空的", "the formula is empty");

    public static FormulaError UnexpectedCharacter(int position, int length, string character) => character switch
    {
        "=" or "＝" => At(position, length, $"公式只寫計算式，不寫「{character}」", $"write only the calculation, without '{character}'"),
        "]" or "］" => At(position, length, $"多出的「{character}」，前面沒有對應的「[」", $"'{character}' has no matching '['"),
        "」" => At(position, length, "多出的「」」，前面沒有對應的「「」", "'」' has no matching '「'"),
        _ => At(position, length, $"無法辨識的字元「{character}」", $"unexpected character '{character}'"),
    };

    public static FormulaError NumberWithoutLeadingDigit(int position, string text) =>
        At(position, text.Length, $"數字「{text}」要以數字開頭，請寫成 0{text}",
            $"the number '{text}' must start with a digit: write 0{text}");

    public static FormulaError NumberWithoutFraction(int position, string text) =>
        At(position, text.Length, $"數字「{text}」的小數點後缺少數字", $"the number '{text}' has no digits after the decimal point");

    public static FormulaError MalformedNumber(int position, string text) =>
        At(position, text.Length, $"數字「{text}」的格式不正確", $"the number '{text}' is malformed");

    public static FormulaError NumberTooLarge(int position, string text) =>
        At(position, text.Length, $"數字「{text}」太大", $"the number '{text}' is too large");

    public static FormulaError ThousandsSeparator(int position, string text)
    {
        var plain = text.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
        return At(position, text.Length,
            $"「{text}」：數字請勿加千分位逗號（寫成 {plain}）；若是兩個引數，請在逗號後加空格",
            $"'{text}': write numbers without thousands separators ({plain}); to separate two arguments, put a space after the comma");
    }

    public static FormulaError NameStartsWithDigit(int position, string name) =>
        At(position, name.Length,
            $"名稱「{name}」不能以數字開頭：若是名稱請寫成 [{name}]，若是相乘請在數字後加上 *",
            $"the name '{name}' starts with a digit: write it in brackets, [{name}], or put * after the number to multiply");

    public static FormulaError UnclosedName(int position, char open, char close) =>
        At(position, 1, $"名稱的「{open}」沒有對應的「{close}」", $"the name opened with '{open}' is never closed with '{close}'");

    public static FormulaError EmptyName(int position, int length) =>
        At(position, length, "括號內沒有名稱", "the brackets hold no name");

    // Reading the structure

    public static FormulaError MissingClose(int position, int openPosition) =>
        At(position, 0, $"缺少右括號「)」（第 {openPosition + 1} 個字元的「(」沒有對應的右括號）",
            $"missing ')' to close the '(' at character {openPosition + 1}");

    public static FormulaError UnmatchedClose(int position, string close) =>
        At(position, close.Length, $"多出的右括號「{close}」，前面沒有對應的「(」", $"'{close}' has no matching '('");

    public static FormulaError CommaOutsideFunction(int position, string comma) =>
        At(position, comma.Length, $"逗號「{comma}」只用來分隔函數的引數，例如 round(x, 1)；數字請勿加千分位逗號",
            $"'{comma}' only separates function arguments, as in round(x, 1); write numbers without thousands separators");

    public static FormulaError MissingOperator(int position, int length, string before, string after)
    {
        // A printed formula writes "x 100%" for "times 100"; in Beacon x is a name.
        var multiply = after is "x" or "X";
        return At(position, length,
            $"「{before}」與「{after}」之間缺少運算子" + (multiply ? "（乘法請寫 * 或 ×）" : ""),
            $"missing operator between '{before}' and '{after}'" + (multiply ? " (to multiply, write * or ×)" : ""));
    }

    public static FormulaError NoOperandAfter(int position, string op) =>
        At(position, op.Length, $"運算子「{op}」後面缺少運算元", $"operator '{op}' has no operand after it");

    public static FormulaError NoOperandBefore(int position, string op) =>
        At(position, op.Length, $"運算子「{op}」前面缺少運算元", $"operator '{op}' has no operand before it");

    public static FormulaError EmptyParentheses(int position, int length) =>
        At(position, length, "括號內是空的", "the parentheses are empty");

    public static FormulaError EmptyArgument(int position, string function) =>
        At(position, 0, $"函數 {function} 缺少引數", $"{function} has an empty argument");

    public static FormulaError Unexpected(int position, string token) =>
        token.Length == 0
            ? At(position, 0, "公式在這裡中斷了", "the formula ends too early")
            : At(position, token.Length, $"這裡不能出現「{token}」", $"unexpected '{token}'");

    public static FormulaError UnknownFunction(int position, string name) =>
        At(position, name.Length,
            $"未知的函數「{name}」（可用的函數：{FunctionList}；名稱含括號時請用 [ ] 括起來）",
            $"unknown function '{name}' (the functions are {FunctionListEn}; write a name containing parentheses in brackets)");

    public static FormulaError AtLeastOneArgument(int position, int length, string function) =>
        At(position, length, $"函數 {function} 至少需要 1 個引數", $"{function} needs at least 1 argument");

    public static FormulaError RoundArguments(int position, int length, int count) =>
        At(position, length, $"函數 round 需要 1 或 2 個引數，這裡有 {count} 個",
            $"round takes 1 or 2 arguments, not {count}");

    public static FormulaError RoundDigits(int position, int length) =>
        At(position, length, "round 的第二個引數（小數位數）必須是 0 到 10 的整數",
            "round's second argument (decimal places) must be a whole number from 0 to 10");

    public static FormulaError TooDeep(int position, int length, int limit) =>
        At(position, length, $"公式太複雜（超過 {limit} 層）", $"the formula nests too deeply (more than {limit} levels)");

    // Evaluating

    public static FormulaResult MissingInputs(IReadOnlyList<string> names) =>
        names.Count == 1
            ? FormulaResult.Missing($"缺少輸入值「{names[0]}」", $"missing input '{names[0]}'")
            : FormulaResult.Missing($"缺少輸入值{string.Concat(names.Select((n, i) => (i > 0 ? "、" : "") + $"「{n}」"))}",
                $"missing inputs {string.Join(", ", names.Select(n => $"'{n}'"))}");

    public static FormulaResult DivisionByZero(string divisor) =>
        FormulaResult.Missing($"除數「{divisor}」為 0", $"division by zero: '{divisor}' is 0");

    public static FormulaResult Overflow(string expression) =>
        FormulaResult.Missing($"「{expression}」的計算結果超出數值範圍", $"the result of '{expression}' is out of range");
}
