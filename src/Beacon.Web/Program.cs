using System.Globalization;
using Beacon.Web;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Authoring;
using Beacon.Web.Features.Calendar;
using Beacon.Web.Features.Cascade;
using Beacon.Web.Features.Comparison;
using Beacon.Web.Features.Documents;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Notifications;
using Beacon.Web.Features.OpenData;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Operations;
using Beacon.Web.Features.Security;
using Beacon.Web.Features.Shared;
using Beacon.Web.Features.Spreadsheets;
using Beacon.Web.Features.Workflow;
using Microsoft.AspNetCore.Localization;

var builder = WebApplication.CreateBuilder(args);
var isCli = Cli.IsCommand(args);
if (isCli)
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:Microsoft"] = "Warning" });
    // Standard output is the command's own (beacon export writes the plan there); log lines go to standard error.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.Services.AddBeaconDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddBeaconAccounts();
builder.Services.AddScoped<PlanImporter>();
builder.Services.AddScoped<PlanExporter>();
builder.Services.AddScoped<DatasetLoader>();
builder.Services.AddScoped<EvaluationWriter>();
builder.Services.AddScoped<PlanWorkflow>();
builder.Services.AddScoped<CalendarStore>();
builder.Services.AddScoped<UserAdministration>();
builder.Services.AddScoped<DemoAccounts>();
builder.Services.AddScoped<Beacon.Web.Features.Home.OrganisationDirectory>();
builder.Services.AddRazorPages(o => o.RootDirectory = "/Features");
// Chinese text is written as characters, not &#x…; escapes (still HTML-encoded where it must be).
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
// A query or route value that does not bind (?year=abc) is answered by ProblemDetailsExceptionHandler, naming it, in
// every environment (not only in Development).
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddBeaconOpenApi();
builder.Services.AddBeaconRateLimits();
builder.Services.AddBeaconRequestLimits();
builder.Services.AddBeaconForwardedHeaders(builder.Configuration);
builder.Services.AddReadModel(builder.Configuration);
builder.Services.AddBeaconNotifications(builder.Configuration);
builder.Services.AddBeaconAuthoring();
builder.Services.AddBeaconDocuments();
builder.Services.AddBeaconSpreadsheets(builder.Configuration);
builder.Services.AddBeaconOperations(builder.Configuration);
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
    await using var startup = await StartupLock.HoldAsync(db); // instances starting together take turns
    await db.MigrateAsync();
    await AccountSetup.EnsureRolesAsync(scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.RoleManager<Microsoft.AspNetCore.Identity.IdentityRole>>());
    await DatasetLoader.LoadAsConfiguredAsync(scope.ServiceProvider, app.Configuration);
    if (app.Configuration.GetValue("Demo:Enabled", false))
        await scope.ServiceProvider.GetRequiredService<DemoAccounts>().CreateIfNoAccountsAsync(
            Path.Combine(app.Environment.ContentRootPath, "App_Data", "demo-accounts.txt"));
    StartupLock.EnsureKeyRing(app.Services);
}

app.UseBeaconForwardedHeaders();
app.UseSecurityHeaders();
app.UseBeaconOperations();
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
app.UseOrganisationCodesInAnyCase();
app.UseRouting();
app.UseRequestSizeLimits();
app.UseAuthentication();
app.UseSecurityStampCheck();
app.UseReadModelOutputCache();
app.UseJsonOnlyCookieApiWrites();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapBeaconOperations();
app.MapAccountApi();
app.MapBeaconApi();
app.MapEvaluationApi();
app.MapWorkflowApi();
app.MapCalendarApi();
app.MapComparisonApi();
app.MapCascadeApi();
app.MapLanguageSwitch();
app.MapOpenData();
app.MapNotifications();
app.MapAuthoring();
app.MapBeaconDocuments();
app.MapSpreadsheets();
app.MapRazorPages();

await app.RunAsync();
return 0;

public partial class Program;
