using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Beacon.Benchmarks;

// dotnet run -c Release --project bench/Beacon.Benchmarks -- --filter '*' [--job short]; see docs/performance.md.
var assembly = typeof(EvaluationBenchmarks).Assembly;
var projectDirectory = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;
var config = DefaultConfig.Instance
    // reports go beside the project (git-ignored), not into whatever folder the command was run from; --artifacts overrides
    .WithArtifactsPath(Path.Combine(projectDirectory, "BenchmarkDotNet.Artifacts"))
    .AddColumn(PerKpiYearColumn.Time, PerKpiYearColumn.Allocated);
BenchmarkSwitcher.FromAssembly(assembly).Run(args, config);
