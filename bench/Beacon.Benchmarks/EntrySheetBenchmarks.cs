using System.Globalization;
using BenchmarkDotNet.Attributes;
using Beacon.Core.Plans;
using Beacon.Core.Sheets;

namespace Beacon.Benchmarks;

/// <summary>
/// The core's part of an entry-sheet preview: a filled-in sheet of 2,000 KPI rows (as the readers hand it over, a grid
/// of cells) read by its headers and compared with what is stored into entry requests and changes old → new. Every
/// row changes its actual and its innovation score; the file's reading and the entry rules' dry run are not included.
/// </summary>
[MemoryDiagnoser]
public class EntrySheetBenchmarks
{
    private const int Rows = 2000;
    private Workbook book = null!;
    private Dictionary<string, EntrySheetKpi> kpis = [];

    [GlobalSetup]
    public void Setup()
    {
        var columns = EntrySheetLayout.Columns(0, []);
        var cells = new List<GridCell>();
        for (var c = 0; c < columns.Count; c++) cells.Add(GridCell.Of(0, c, columns[c].Header(false, 2022)));
        for (var i = 0; i < Rows; i++)
        {
            // AC1.1 … DC50.10: 4 perspectives × 50 objectives × 10 KPIs.
            var code = $"{"ABCD"[i / 500]}C{i % 500 / 10 + 1}.{i % 10 + 1}";
            kpis[code] = new EntrySheetKpi(code, $"指標 {code}", "%", "46.5", Direction.Positive, EntryItems.None, [], false, 3,
                "40", null, [], new Dictionary<string, string?>(), 80, 85, 85, null, "持續辦理");
            for (var c = 0; c < columns.Count; c++)
            {
                var text = columns[c].Kind switch
                {
                    EntryColumn.Code => code,
                    EntryColumn.Name => $"指標 {code}",
                    EntryColumn.Unit => "%",
                    EntryColumn.Target => "46.5",
                    EntryColumn.Direction => "正向",
                    EntryColumn.Actual => (40 + i % 50 / 10m).ToString(CultureInfo.InvariantCulture),
                    EntryColumn.Innovation => "90",
                    EntryColumn.Challenge or EntryColumn.Contribution => "85",
                    EntryColumn.Explanation => "持續辦理",
                    EntryColumn.Version => "3",
                    _ => "",
                };
                if (text.Length > 0) cells.Add(GridCell.Of(1 + i, c, text));
            }
        }
        book = new Workbook([new GridSheet("填報", cells)]);
        var plan = Preview();
        if (plan.Problems.Count > 0 || plan.Entries.Count != Rows) throw new InvalidOperationException($"the benchmark sheet reads with {plan.Problems.Count} problems and {plan.Entries.Count} entries");
    }

    [Benchmark]
    public EntrySheetPlan Preview() => EntrySheet.Compare(EntrySheet.Read(book, "TPE-DVPC", 2022), kpis);
}
