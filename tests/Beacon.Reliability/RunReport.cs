using System.Globalization;
using System.Text;

namespace Beacon.Reliability;

/// <summary>What one harness run did and found: its figures, in the order they were counted, and every violation.</summary>
public sealed class RunReport(string harness, DatabaseKind kind, int seed)
{
    private readonly List<(string Name, string Value)> figures = [];
    private readonly List<string> violations = [];

    public string Harness => harness;
    public DatabaseKind Kind => kind;
    public int Seed => seed;
    public TimeSpan Elapsed { get; set; }
    public IReadOnlyList<(string Name, string Value)> Figures { get { lock (figures) return [.. figures]; } }
    public IReadOnlyList<string> Violations { get { lock (violations) return [.. violations]; } }

    public void Figure(string name, long value) => Figure(name, value.ToString("N0", CultureInfo.InvariantCulture));

    public void Figure(string name, string value)
    {
        lock (figures)
        {
            var at = figures.FindIndex(f => f.Name == name);
            if (at >= 0) figures[at] = (name, value);
            else figures.Add((name, value));
        }
    }

    public long Number(string name) =>
        long.Parse(Figures.Single(f => f.Name == name).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    public void Violation(string what)
    {
        lock (violations) violations.Add(what);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{harness} on {kind} (seed {seed}, {Elapsed.TotalSeconds:0} s, {DateTime.UtcNow:yyyy-MM-dd})");
        var width = Figures.Count == 0 ? 0 : Figures.Max(f => f.Name.Length);
        foreach (var (name, value) in Figures) text.AppendLine(CultureInfo.InvariantCulture, $"  {name.PadRight(width)}  {value}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"violations".PadRight(width)}  {Violations.Count}");
        foreach (var violation in Violations.Take(50)) text.AppendLine(CultureInfo.InvariantCulture, $"    ✗ {violation}");
        if (Violations.Count > 50) text.AppendLine(CultureInfo.InvariantCulture, $"    … and {Violations.Count - 50} more");
        return text.ToString();
    }
}
