using Beacon.Core;
using Beacon.Web.Data;
using Beacon.Web.Features.ReadModel;
using Beacon.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Plans;

/// <summary>
/// What every page of one plan shares: loading it (fresh from the database for the forms that change it, or through the
/// read model for pages that only show it), breadcrumbs, and a friendly not-found.
/// </summary>
public abstract class PlanPage(BeaconDb db) : PageModel
{
    protected BeaconDb Db { get; } = db;

    [FromRoute] public string Org { get; set; } = "";
    [FromRoute] public int Year { get; set; }

    public Plan Plan { get; private set; } = null!;
    public string? NotFoundMessage { get; private set; }

    /// <summary>A published version asked for by number (?version=2): shown read-only, as it was approved.</summary>
    [FromQuery(Name = "version")] public int? AskedVersion { get; set; }

    /// <summary>The published version shown, when the reader is shown one rather than the working copy (PlanQueries.ChooseCopyAsync).</summary>
    public PlanVersion? ShownVersion { get; private set; }

    /// <summary>
    /// Pages that work on the plan as stored — the entry and review forms, settings, comment threads, editing — read the
    /// working copy whoever asks; every other page shows each reader the copy chosen for them (the latest published
    /// version to the public while a newer one is prepared).
    /// </summary>
    protected virtual bool ReadsWorkingCopy => false;

    /// <summary>The plan's view when the page read it through the read model (<see cref="ReadAsync"/>); shared, never to be changed.</summary>
    public PlanView? View { get; private set; }

    public string PlanUrl => $"/orgs/{Uri.EscapeDataString(Org)}/{Year}";

    /// <summary>Years in plan addresses are Gregorian; a smaller one is most likely an ROC year (110 for 2021).</summary>
    private bool YearLooksRoc => Year < Beacon.Core.Plans.PlanValidator.MinYear;

    /// <summary>
    /// A plan address with an ROC year (/orgs/TPE/110/scorecard) whose Gregorian year has a plan the reader may see
    /// is sent there (302), sub-path and query kept. Only for reading: a form posted to such an address gets the 404.
    /// </summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (YearLooksRoc && Year > 0 && (HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method)))
        {
            var gregorian = RocYear.ToGregorian(Year);
            if (await Db.Plans.ReadableBy(User).AnyAsync(p => p.Organisation.Code == Org && p.Year == gregorian, HttpContext.RequestAborted)
                && GregorianUrl(gregorian) is { } url)
            {
                context.Result = Redirect(url);
                return;
            }
        }
        await next();
    }

    /// <summary>This request's address with the year segment (/orgs/{org}/{year}/…) replaced.</summary>
    private string? GregorianUrl(int year)
    {
        var segments = Request.Path.ToUriComponent().Split('/');
        if (segments.Length < 4 || segments[1] != "orgs" || segments[3] != Year.ToString(System.Globalization.CultureInfo.InvariantCulture)) return null;
        segments[3] = year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return string.Join('/', segments) + Request.QueryString.ToUriComponent();
    }

    /// <summary>Loads the plan fresh from the database, for a page that may change it.</summary>
    protected async Task<bool> LoadAsync(CancellationToken ct)
    {
        Plan? plan;
        if (ReadsWorkingCopy || !(HttpMethods.IsGet(Request.Method) || HttpMethods.IsHead(Request.Method)))
        {
            plan = await Db.LoadPlanAsync(Org, Year, ct);
            if (plan is not null && !Workflow.PlanVisibility.CanSee(User, plan.Status)) plan = null;
        }
        else
        {
            var read = await Db.LoadForReaderAsync(Org, Year, Account.Permissions.Actor(User), AskedVersion, ct);
            plan = read?.Plan;
            ShownVersion = read?.Version;
        }
        // A plan not yet approved is invisible to anonymous readers: the same answer as no plan at all.
        if (plan is null) return PlanNotFound();
        Plan = plan;
        return true;
    }

    /// <summary>
    /// Reads the plan through the read model (one query when its view is cached), for a page that only shows it; with
    /// <paramref name="kpiCode"/>, only that KPI of it is needed (the rest is not loaded when the plan is not cached).
    /// </summary>
    protected async Task<bool> ReadAsync(CancellationToken ct, string? kpiCode = null)
    {
        var reader = Reader;
        var head = await reader.HeadAsync(Org, Year, ct, withDigest: ReadsAcrossPlans);
        // The copy this reader is shown: the working copy, or a published version (the latest, or ?version=).
        var view = head is null ? null : await reader.ViewForAsync(head, Account.Permissions.Actor(User), AskedVersion, kpiCode);
        if (head is null || view is null) return PlanNotFound();
        Head = head;
        View = view;
        Plan = view.Plan;
        ShownVersion = view.Version;
        return true;
    }

    /// <summary>Whether the page also shows other plans (<see cref="PlanReader.AcrossPlansAsync"/>): the head is then read with the digest.</summary>
    protected virtual bool ReadsAcrossPlans => false;

    protected PlanReader Reader => HttpContext.RequestServices.GetRequiredService<PlanReader>();

    /// <summary>The plan's head as <see cref="ReadAsync"/> read it.</summary>
    protected PlanHead Head { get; private set; } = null!;

    /// <summary>
    /// The key of a part of this page rendered once and shared (the &lt;cache&gt; tag): the plan and its stamp, the
    /// language, what the reader may see and whether they are signed in, and whatever else the part shows.
    /// </summary>
    public string FragmentKey(params object?[] parts) => View!.Key(
        [System.Globalization.CultureInfo.CurrentUICulture.Name, PlanReader.AudienceOf(User), User.Identity?.IsAuthenticated == true, .. parts]);

    private bool PlanNotFound()
    {
        NotFound(YearLooksRoc ? Ui.T("notFound.gregorianYear", Org, Year) : Ui.T("notFound.plan", Org, Ui.Year(Year)));
        return false;
    }

    protected IActionResult NotFound(string message)
    {
        NotFoundMessage = message;
        Response.StatusCode = StatusCodes.Status404NotFound;
        ViewData["Title"] = Ui.T("notFound.title");
        return Page();
    }

    /// <summary>The form again with its messages, answered 400 so a script can tell it from a fresh page.</summary>
    protected IActionResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    protected void Breadcrumbs(params (string Text, string? Href)[] tail)
    {
        // Home › the organisation (its page, with its plans and those beneath it) › the year (the plan's map) › …
        var org = Plan.Organisation;
        ViewData["Breadcrumbs"] = new List<(string, string?)>
        {
            (Ui.T("nav.home"), "/"),
            (Ui.English && org.NameEn is not null ? org.NameEn : org.Name, $"/orgs/{Uri.EscapeDataString(org.Code)}"),
            (Ui.Year(Plan.Year), tail.Length == 0 ? null : PlanUrl),
        }.Concat(tail).ToList();
    }
}
