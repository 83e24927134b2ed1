using Beacon.Core.Plans;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.Cli;

/// <summary><c>beacon import FILE</c> and <c>beacon export ORG YEAR</c>, run on the shared app's services and database.</summary>
public abstract class CliTests(BeaconFactory app) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("beacon-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Web.Cli.RunAsync(app.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(PlanDocument plan, string name)
    {
        var file = Path.Combine(folder, name);
        File.WriteAllBytes(file, PlanJson.WriteUtf8(plan));
        return file;
    }

    [Fact]
    public async Task Import_dry_run_reports_the_plan_and_writes_nothing()
    {
        var plan = Dataset.NewPlan();
        var file = Write(plan, "plan.json");
        var before = await app.RowCountsAsync();

        var (exit, output, error) = await RunAsync("import", file, "--dry-run");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("dry run, nothing written", output);
        Assert.Contains($"{plan.Organisation.Code} 2022: {plan.Objectives.Count} objectives", output);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task Import_stores_the_plan_and_export_gives_back_the_same_file()
    {
        var plan = Dataset.NewPlan();
        var file = Write(plan, "plan.json");

        var (exit, output, _) = await RunAsync("import", file);

        Assert.Equal(0, exit);
        Assert.Contains($"imported: {plan.Organisation.Code} 2022", output);
        var copy = Path.Combine(folder, "copy.json");
        Assert.Equal(0, (await RunAsync("export", plan.Organisation.Code, "2022", "--out", copy)).Exit);
        BytesAssert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(copy));
    }

    [Fact]
    public async Task Import_of_a_plan_that_exists_fails_unless_asked_to_replace()
    {
        var plan = Dataset.NewPlan();
        Assert.Equal(0, (await RunAsync("import", Write(plan, "plan.json"))).Exit);
        var revised = Write(plan with { Vision = "新的願景" }, "revised.json");

        var refused = await RunAsync("import", revised);
        var replaced = await RunAsync("import", revised, "--replace");

        Assert.Equal(1, refused.Exit);
        Assert.Contains($"{revised}: $.year", refused.Error);
        Assert.Equal(0, replaced.Exit);
        Assert.Contains("replaced", replaced.Output);
        var export = await RunAsync("export", plan.Organisation.Code, "2022");
        Assert.Equal(PlanJson.Write(plan with { Vision = "新的願景" }), export.Output);
    }

    [Theory]
    [InlineData("TPE-2021.json")]
    [InlineData("TPE-DVPC-2022.json")]
    public async Task Export_to_a_file_is_byte_identical_to_the_dataset_file(string fileName)
    {
        var plan = Dataset.Document(fileName);
        var file = Path.Combine(folder, fileName);

        var (exit, output, error) = await RunAsync("export", plan.Organisation.Code, plan.Year.ToString(), "--out", file);

        Assert.Equal(0, exit);
        Assert.Equal("", output + error);
        BytesAssert.Equal(Dataset.Bytes(fileName), File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Import_of_a_missing_file_names_it()
    {
        var file = Path.Combine(folder, "no-such-plan.json");

        var (exit, _, error) = await RunAsync("import", file);

        Assert.Equal(2, exit);
        Assert.Contains($"file not found: {file}", error);
    }

    [Fact]
    public async Task Import_of_an_invalid_document_prints_each_problem_with_the_file_and_JSON_path_and_writes_nothing()
    {
        var plan = Dataset.NewPlan();
        plan = plan with { Links = [new LinkDoc { From = "AC1", To = "ZZ9" }, .. plan.Links] };
        var file = Write(plan, "broken.json");
        var before = await app.RowCountsAsync();

        var (exit, output, error) = await RunAsync("import", file);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"beacon import: {file}: 1 個問題", error);
        Assert.Contains("1 problem(s), nothing was written", error);
        Assert.Contains($"{file}: $.links[0].to: ", error);
        Assert.Contains("link end 'ZZ9' is not an objective of this plan", error);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task Import_of_malformed_JSON_names_the_file_and_the_line()
    {
        var file = Path.Combine(folder, "malformed.json");
        await File.WriteAllTextAsync(file, "{\n  \"format\": \"beacon.plan\"\n  \"formatVersion\": 1\n}\n");

        var (exit, _, error) = await RunAsync("import", file);

        Assert.Equal(1, exit);
        Assert.Contains($"{file}: $", error);
        Assert.Contains("(line 3, byte ", error);
    }

    [Fact]
    public async Task Export_of_an_unknown_plan_fails_and_says_so()
    {
        var (exit, output, error) = await RunAsync("export", "TPE", "110");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("no plan for TPE 110", error);
    }

    [Theory]
    [InlineData("--dryrun", "unknown option '--dryrun' (the options are --dry-run, --replace)")]
    [InlineData("--dry-run --replace --force", "unknown option '--force'")]
    [InlineData("-n", "unknown option '-n'")]
    [InlineData("other.json", "unexpected argument(s): other.json")]
    public async Task Import_with_a_wrong_argument_says_which_and_writes_nothing(string arguments, string message)
    {
        // A typo of --dry-run must not turn the check into a real import.
        var plan = Dataset.NewPlan();
        var file = Write(plan, "plan.json");
        var before = await app.RowCountsAsync();

        var (exit, output, error) = await RunAsync(["import", file, .. arguments.Split(' ')]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains($"beacon import: ", error);
        Assert.Contains(message, error);
        Assert.Contains("usage: beacon import FILE|FOLDER [--dry-run] [--replace]", error);
        Assert.Equal(before, await app.RowCountsAsync());
        Assert.Equal(1, (await RunAsync("export", plan.Organisation.Code, "2022")).Exit);
    }

    [Theory]
    [InlineData("import", "missing FILE")]
    [InlineData("export TPE", "missing YEAR")]
    [InlineData("export TPE 2021 2022", "unexpected argument(s): 2022")]
    [InlineData("export TPE 2021 --out", "option --out needs a value")]
    [InlineData("export TPE 2021 --out a.json --out b.json", "option --out may be given only once")]
    [InlineData("export TPE 110年", "YEAR '110年' must be a Gregorian year")]
    [InlineData("export TPE 2021 --replace", "unknown option '--replace' (the options are --out)")]
    [InlineData("users add", "missing EMAIL")]
    [InlineData("users remove ann@example.tw", "unknown subcommand 'remove'")]
    [InlineData("users add ann@example.tw --role viewer --roles planner", "unknown option '--roles'")]
    public async Task Missing_extra_and_unknown_arguments_are_named_with_the_usage(string arguments, string message)
    {
        var before = await app.RowCountsAsync();

        var (exit, output, error) = await RunAsync(arguments.Split(' '));

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Contains(message, error);
        Assert.Contains("usage: beacon import FILE|FOLDER [--dry-run] [--replace]", error);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Theory]
    [InlineData("--dry-run")]
    [InlineData("")]
    public async Task Replacing_an_approved_plan_is_refused_in_a_dry_run_as_in_a_real_import(string dryRun)
    {
        var before = await app.RowCountsAsync();

        var (exit, output, error) = await RunAsync(["import", Dataset.PathOf("TPE-2021.json"), "--replace", .. dryRun.Length > 0 ? new[] { dryRun } : []]);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("$.year: ", error);
        Assert.Contains("the TPE plan for 2021 is approved and locked", error);
        Assert.Equal(before, await app.RowCountsAsync());
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage()
    {
        var (exit, _, error) = await RunAsync("export", "TPE");

        Assert.Equal(2, exit);
        Assert.Contains("usage: beacon import FILE|FOLDER [--dry-run] [--replace]", error);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CliOnSqlite(SqliteBeacon app) : CliTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CliOnPostgres(PostgresBeacon app) : CliTests(app);
