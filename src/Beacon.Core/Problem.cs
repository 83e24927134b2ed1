namespace Beacon.Core;

/// <summary>
/// Something wrong with input, said where (a JSON path such as <c>$.objectives[2].kpis[0].code</c>, or a field
/// name) and what, in Traditional Chinese (the interface default) and English.
/// </summary>
public sealed record Problem(string Path, string Message, string MessageEn)
{
    public string MessageFor(bool english) => english ? MessageEn : Message;

    public override string ToString() => $"{Path}: {Message} ({MessageEn})";
}

public static class Problems
{
    /// <summary>Builds a problem from a "中文|English" pair, the form the core's rule messages take.</summary>
    public static Problem At(string path, string pair)
    {
        var bar = pair.IndexOf('|');
        return bar < 0 ? new Problem(path, pair, pair) : new Problem(path, pair[..bar], pair[(bar + 1)..]);
    }
}
