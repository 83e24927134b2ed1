using System.Globalization;
using Beacon.Web;
using Beacon.Web.Data;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Localization;

var builder = WebApplication.CreateBuilder(args);
var isCli = Cli.IsCommand(args);
if (isCli)
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Microsoft"] = "Warning" });

builder.Services.AddBeaconDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddScoped<PlanImporter>();
builder.Services.AddScoped<PlanExporter>();
builder.Services.AddScoped<DatasetLoader>();
builder.Services.AddScoped<Beacon.Web.Features.Evaluation.EvaluationWriter>();
builder.Services.AddRazorPages(o => o.RootDirectory = "/Features");
// Chinese text is written as characters, not &#x…; escapes (still HTML-encoded where it must be).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
{
    // The API speaks as the interchange format does: readable Chinese, enums by name (kind: "city").
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
});

var app = builder.Build();

if (isCli)
    return await Cli.RunAsync(app.Services, args, Console.Out, Console.Error);

await using (var scope = app.Services.CreateAsyncScope())
{
    var db = scope.ServiceProvider.GetRequiredService<BeaconDb>();
    await db.MigrateAsync();
    if (app.Configuration.GetValue("Dataset:Load", true))
        await scope.ServiceProvider.GetRequiredService<DatasetLoader>()
            .LoadIfEmptyAsync(app.Configuration["Dataset:Path"] ?? DatasetLoader.DefaultFolder);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
var cultures = new[] { new CultureInfo("zh-TW"), new CultureInfo("en") };
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-TW"),
    SupportedCultures = cultures,
    SupportedUICultures = cultures,
    // zh-TW unless the user chose otherwise (query string or the language switch's cookie).
    RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
});
app.UseStaticFiles();
app.UseRouting();

app.MapOpenApi();
app.MapBeaconApi();
app.MapEvaluationApi();
app.MapLanguageSwitch();
app.MapRazorPages();

await app.RunAsync();
return 0;

public partial class Program;
