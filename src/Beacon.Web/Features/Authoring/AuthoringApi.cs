using System.Security.Claims;
using Beacon.Core;
using Beacon.Core.Authoring;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Account;
using Beacon.Web.Features.Api;
using Beacon.Web.Features.Interchange;
using Beacon.Web.Features.Plans;
using Beacon.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Features.Authoring;

/// <summary>A plan started: where it is.</summary>
public sealed record StartedPlan(string Organisation, int Year);

/// <summary>An organisation added: where it is.</summary>
public sealed record AddedOrganisation(string Code);

/// <summary>One published version of a plan year: its number, the approval's day and body, who approved it (for people signed in), why, and where its document is.</summary>
public sealed record VersionDto(int Number, DateOnly Date, DateTimeOffset At, string? Body, string? ApprovedBy, string? Reason, bool Revision, string Document);

/// <summary>
/// The API of plan editing, in the interchange format's shapes (docs/authoring.md): organisations, new plans (empty,
/// carried forward, from the city plan), the header, perspectives, themes, objectives, KPIs, action plans and links of a
/// plan — each read with its version and written with it — published versions, and revisions. The same core checks as
/// the editing pages; every answer through <see cref="WriteAnswer"/>.
/// </summary>
public static class AuthoringApi
{
    private static readonly int[] Writes =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
        StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status428PreconditionRequired,
    ];

    public static IEndpointRouteBuilder MapAuthoringApi(this IEndpointRouteBuilder app)
    {
        var orgs = app.MapGroup("/api/orgs").WithTags("Authoring");

        // Mapped on the app, not the group: a group's "" route would be /api/orgs/ with a trailing slash.
        app.MapPost("/api/orgs", async Task<IResult> (HttpRequest request, PlanCreator creator, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadAsync<OrganisationEdit>(request);
            if (body.Refusal is { } refusal) return refusal;
            var outcome = await creator.AddOrganisationAsync(body.Value!, user.Actor(), ct);
            var code = body.Value!.Code?.Trim() ?? "";
            return outcome.Succeeded ? Results.Created($"/api/orgs/{Uri.EscapeDataString(code)}", new AddedOrganisation(code)) : WriteAnswer.Refused(outcome);
        }).WithTags("Authoring").RequireAuthorization().WithName("addOrganisation").DocumentsJsonBody<OrganisationEdit>()
          .WithSummary("Add an organisation (planners): code (capital letters, digits and '-'), names, kind, parent; 201 with its address, 409 when the code is taken")
          .Produces<AddedOrganisation>(StatusCodes.Status201Created).ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized,
              StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        orgs.MapGet("/{org}", async Task<IResult> (string org, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var o = await db.Organisations.AsNoTracking().Include(x => x.Parent).SingleOrDefaultAsync(x => x.Code == org, ct);
            if (o is null || (!user.CanReadDrafts() && !await db.Plans.ReadableBy(user).AnyAsync(p => p.OrganisationId == o.Id, ct)))
                return WriteAnswer.NotFound($"找不到機關「{org}」", $"no organisation '{org}'");
            return Results.Ok(new OrganisationEdit { Code = o.Code, Name = o.Name, ShortName = o.ShortName, NameEn = o.NameEn, Kind = o.Kind, Parent = o.Parent?.Code, Version = o.Version });
        }).WithName("getOrganisation").WithSummary("An organisation's names, kind and parent, with the version to send with PUT")
          .Produces<OrganisationEdit>().ProducesProblem(StatusCodes.Status404NotFound);

        orgs.MapPut("/{org}", (string org, HttpRequest request, PlanCreator creator, ClaimsPrincipal user, CancellationToken ct) =>
            Write<OrganisationEdit>(request, e => creator.ChangeOrganisationAsync(org, e, user.Actor(), ct), $"找不到機關「{org}」", $"no organisation '{org}'"))
            .RequireAuthorization().WithName("putOrganisation").DocumentsJsonBody<OrganisationEdit>()
            .WithSummary("Rename an organisation or change its kind or parent (planners), with its version; audited, and shown by the plans' versions approved after it (a published version keeps its names)")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes);

        orgs.MapPost("/{org}/plans", async Task<IResult> (string org, HttpRequest request, PlanCreator creator, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var body = await JsonBody.ReadAsync<NewPlanRequest>(request);
            if (body.Refusal is { } refusal) return refusal;
            var outcome = await creator.StartPlanAsync(org, body.Value!, user.Actor(), ct);
            if (!outcome.Found) return WriteAnswer.NotFound($"找不到機關「{org}」", $"no organisation '{org}'");
            return outcome.Succeeded
                ? Results.Created($"/api/orgs/{Uri.EscapeDataString(org)}/plans/{body.Value!.Year}", new StartedPlan(org, body.Value.Year!.Value))
                : WriteAnswer.Refused(outcome);
        }).RequireAuthorization().WithName("startPlan").DocumentsJsonBody<NewPlanRequest>()
          .WithSummary("Start a plan of a new year as a draft: {\"year\": 2023} empty, {\"year\": 2023, \"from\": 2022} carried forward (structure, KPIs, action plans and links; "
              + "earlier actuals and the targets and budgets already printed for the new year and later), or {\"year\": 2021, \"city\": {\"themes\": [\"E\"], \"objectives\": [\"EP5\"]}} "
              + "from the city plan of the year; 201 with its address, 409 when the year exists")
          .Produces<StartedPlan>(StatusCodes.Status201Created).ProducesWriteProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized,
              StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status415UnsupportedMediaType);

        var plan = app.MapGroup("/api/orgs/{org}/plans/{year:int}").WithTags("Authoring");

        Element(plan, "header", "Header", "the plan's header: title, mission, vision, core values and the approvals record (核定與修正紀錄)",
            p => new HeaderEdit { Title = p.Title, Mission = p.Mission, Vision = p.Vision, CoreValues = [.. p.CoreValues],
                Approvals = [.. p.Approvals.Select(a => new ApprovalDoc { Date = a.Date, Body = a.Body, Description = a.Description })], Version = p.HeaderVersion },
            (string _, HeaderEdit e) => new PlanChange.Header(e), withCode: false);
        Element(plan, "perspectives", "Perspectives", "the perspectives (構面), top to bottom",
            p => new PerspectivesEdit { Perspectives = [.. p.Perspectives.Select(x => new PerspectiveDoc { Code = x.Code, Kind = x.Kind, Name = x.Name })], Version = p.HeaderVersion },
            (string _, PerspectivesEdit e) => new PlanChange.Perspectives(e), withCode: false);
        Element(plan, "links", "Links", "every link of the strategy map (策略目標關聯圖) at once",
            p => new LinksEdit { Links = [.. p.Links.Select(l => new LinkDoc { From = l.FromCode, To = l.ToCode })], Version = p.LinksVersion },
            (string _, LinksEdit e) => new PlanChange.Links(e), withCode: false);
        Element(plan, "themes/{code}", "Theme", "a strategic theme: its letter (a new letter renumbers its objectives), name, city theme carried, lead and member agencies",
            null, (string code, ThemeEdit e) => new PlanChange.PutTheme(code, e), withCode: true, kind: ElementKind.Theme);
        Element(plan, "objectives/{code}", "Objective", "an objective without its KPIs; a new code renumbers it with its KPIs, action plans and links (AC1 → AC2)",
            null, (string code, ObjectiveEdit e) => new PlanChange.PutObjective(code, e), withCode: true, kind: ElementKind.Objective);
        Element(plan, "kpis/{code}", "Kpi", "a KPI without its action plans or evaluation data: its definition, values of every year (targets; earlier years' actuals), weighted parts; in a revision a changed target needs a reason",
            null, (string code, KpiEdit e) => new PlanChange.PutKpi(code, e), withCode: true, kind: ElementKind.Kpi);
        Element(plan, "action-plans/{code}", "ActionPlan", "an action plan: responsible units, budgets per year, bi-monthly milestones",
            null, (string code, ActionPlanEdit e) => new PlanChange.PutActionPlan(code, e), withCode: true, kind: ElementKind.ActionPlan);

        plan.MapPost("/links", (string org, int year, HttpRequest request, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
            Write<LinkEdit>(request, e => editor.EditAsync(org, year, new PlanChange.AddLink(e), user.Actor(), ct), org, year))
            .RequireAuthorization().WithName("addLink").DocumentsJsonBody<LinkEdit>()
            .WithSummary("Add one link from an objective to another").Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes);

        plan.MapDelete("/links/{from}/{to}", async Task<IResult> (string org, int year, string from, string to, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
            WriteAnswer.Of(await editor.EditAsync(org, year, new PlanChange.RemoveLink(from, to), user.Actor(), ct), org, year))
            .RequireAuthorization().WithName("deleteLink").WithSummary("Remove the link from one objective to another")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes);

        plan.MapPost("/revisions", (string org, int year, HttpRequest request, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
            Write<RevisionRequest>(request, e => editor.ReviseAsync(org, year, e, user.Actor(), ct), org, year))
            .RequireAuthorization().WithName("openRevision").DocumentsJsonBody<RevisionRequest>()
            .WithSummary("Open a revision (修正) of an approved plan (planners), with a reason and the plan's version from GET …/workflow: the plan becomes a draft whose changed targets keep their original and reason; approving it is the next published version")
            .Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes);

        plan.MapGet("/versions", async Task<IResult> (string org, int year, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var row = await db.Plans.AsNoTracking().Where(p => p.Organisation.Code == org && p.Year == year).Select(p => new { p.OrganisationId, p.Status, p.PublishedVersion }).SingleOrDefaultAsync(ct);
            if (row is null || !PlanReading.Readable(user.Actor(), row.Status, row.PublishedVersion)) return PlanNotFound(org, year);
            var names = user.CanReadDrafts();
            return Results.Ok((await PlanVersions.ListAsync(db, row.OrganisationId, year, ct)).Select(v => new VersionDto(
                v.Number, v.Date, v.At, v.Body, names ? v.ApprovedBy : null, v.Reason, v.Revision, $"/api/orgs/{Uri.EscapeDataString(org)}/plans/{year}/versions/{v.Number}")).ToList());
        }).WithName("listVersions").WithSummary("The published versions of a plan year, oldest first: number, the approval's day and body, who (for people signed in), why, and where its document is")
          .Produces<List<VersionDto>>().ProducesProblem(StatusCodes.Status404NotFound);

        plan.MapGet("/versions/{number:int}", async Task<IResult> (string org, int year, int number, BeaconDb db, CancellationToken ct) =>
        {
            var document = await db.PlanVersions.AsNoTracking().Where(v => v.Organisation.Code == org && v.Year == year && v.Number == number).Select(v => v.Document).SingleOrDefaultAsync(ct);
            return document is null
                ? WriteAnswer.NotFound($"{org} {year} 年的計畫沒有第 {number} 版", $"the {org} plan for {year} has no version {number}")
                : Results.Text(document, "application/json; charset=utf-8");
        }).WithName("getVersion").WithSummary("A published version's whole plan in the interchange format, exactly as it was approved")
          .Produces<PlanDocument>().ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    /// <summary>GET, PUT (and for a coded element DELETE) of one element of a plan.</summary>
    private static void Element<T>(RouteGroupBuilder plan, string route, string name, string what, Func<Plan, T>? read, Func<string, T, PlanChange> change,
        bool withCode, ElementKind kind = ElementKind.Header) where T : class
    {
        async Task<IResult> Get(string org, int year, string? code, BeaconDb db, ClaimsPrincipal user, CancellationToken ct)
        {
            var stored = await db.LoadPlanAsync(org, year, ct);
            if (stored is null || !user.Actor().CanSee(stored.Status)) return PlanNotFound(org, year);
            var element = read is not null ? read(stored) : EditShapes.Of(stored, kind, code!);
            return element is null ? WriteAnswer.NotFound($"此計畫沒有「{code}」", $"this plan has no '{code}'") : Results.Ok(element);
        }
        var get = withCode
            ? plan.MapGet("/" + route, (string org, int year, string code, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) => Get(org, year, code, db, user, ct))
            : plan.MapGet("/" + route, (string org, int year, BeaconDb db, ClaimsPrincipal user, CancellationToken ct) => Get(org, year, null, db, user, ct));
        get.RequireAuthorization().WithName("get" + name).Produces<T>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary($"Read {what} as it is being edited, with its version");

        var put = withCode
            ? plan.MapPut("/" + route, (string org, int year, string code, HttpRequest request, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
                Write<T>(request, e => editor.EditAsync(org, year, change(code, e), user.Actor(), ct), org, year))
            : plan.MapPut("/" + route, (string org, int year, HttpRequest request, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
                Write<T>(request, e => editor.EditAsync(org, year, change("", e), user.Actor(), ct), org, year));
        put.RequireAuthorization().WithName("put" + name).DocumentsJsonBody<T>().Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes)
            .WithSummary($"Change {what}, with the version read (a new one is added; 428 without a version for an existing one, 409 when someone else changed it)");

        if (!withCode) return;
        plan.MapDelete("/" + route, async Task<IResult> (string org, int year, string code, int? version, PlanEditor editor, ClaimsPrincipal user, CancellationToken ct) =>
            WriteAnswer.Of(await editor.EditAsync(org, year, new PlanChange.Delete(kind, code, version), user.Actor(), ct), org, year))
            .RequireAuthorization().WithName("delete" + name).Produces(StatusCodes.Status204NoContent).ProducesWriteProblems(Writes)
            .WithSummary($"Delete {what}, with everything that goes with it (?version= the version read; 409 when another plan carries it, naming that plan)");
    }

    private static async Task<IResult> Write<T>(HttpRequest request, Func<T, Task<WriteOutcome>> save, string org, int year) where T : class
    {
        var body = await JsonBody.ReadAsync<T>(request);
        if (body.Refusal is { } refusal) return refusal;
        return WriteAnswer.Of(await save(body.Value!), org, year);
    }

    private static async Task<IResult> Write<T>(HttpRequest request, Func<T, Task<WriteOutcome>> save, string notFoundZh, string notFoundEn) where T : class
    {
        var body = await JsonBody.ReadAsync<T>(request);
        if (body.Refusal is { } refusal) return refusal;
        return WriteAnswer.Of(await save(body.Value!), notFoundZh, notFoundEn);
    }

    private static IResult PlanNotFound(string org, int year) => WriteAnswer.NotFound($"找不到 {org} {year} 年的計畫", $"no plan for {org} in {year}");
}

/// <summary>A stored element as it is edited: the request record filled from the stored plan, with its version and position.</summary>
public static class EditShapes
{
    public static object? Of(Plan plan, ElementKind kind, string code) => kind switch
    {
        ElementKind.Theme => Theme(plan, code),
        ElementKind.Objective => Objective(plan, code),
        ElementKind.Kpi => Kpi(plan, code),
        ElementKind.ActionPlan => ActionPlan(plan, code),
        _ => null,
    };

    public static ThemeEdit? Theme(Plan plan, string code) => plan.Themes.FirstOrDefault(t => t.Code == code) is not { } t ? null : new ThemeEdit
    {
        Code = t.Code, Name = t.Name, CityTheme = t.CityTheme, Lead = t.Lead, Members = [.. t.Members], Position = plan.Themes.IndexOf(t), Version = t.Version,
    };

    public static ObjectiveEdit? Objective(Plan plan, string code) => plan.Objectives.FirstOrDefault(o => o.Code == code) is not { } o ? null : new ObjectiveEdit
    {
        Code = o.Code, Name = o.Name, Ksf = o.Ksf, CityObjective = o.CityObjective, Note = o.Note, Version = o.Version,
        Position = PlanEdits.PositionOf(plan.Objectives, x => x.Code == code, x => PlanEdits.Cell(x.Code) == PlanEdits.Cell(code)),
    };

    public static KpiEdit? Kpi(Plan plan, string code)
    {
        var objective = plan.Objectives.FirstOrDefault(o => o.Kpis.Any(k => k.Code == code));
        if (objective is null) return null;
        var doc = PlanMapping.ToDocument(plan).Objectives.Single(o => o.Code == objective.Code).Kpis.Single(k => k.Code == code);
        var kpi = objective.Kpis.Single(k => k.Code == code);
        return new KpiEdit
        {
            Code = doc.Code, Name = doc.Name, Ksf = doc.Ksf, Formula = doc.Formula, Expression = doc.Expression, Unit = doc.Unit, Direction = doc.Direction,
            Responsible = [.. doc.Responsible], Exempt = doc.Exempt, CityKpi = doc.CityKpi, Note = doc.Note, Values = [.. doc.Values], Parts = [.. doc.Parts],
            Position = objective.Kpis.IndexOf(kpi), Version = kpi.Version,
        };
    }

    public static ActionPlanEdit? ActionPlan(Plan plan, string code)
    {
        var kpi = plan.Objectives.SelectMany(o => o.Kpis).FirstOrDefault(k => k.ActionPlans.Any(a => a.Code == code));
        if (kpi is null) return null;
        var a = kpi.ActionPlans.Single(x => x.Code == code);
        return new ActionPlanEdit
        {
            Code = a.Code, Name = a.Name, Responsible = [.. a.Responsible], Note = a.Note,
            Budgets = [.. a.Budgets.Select(b => new BudgetDoc { Year = b.Year, Text = b.Text })],
            Milestones = [.. a.Milestones.Select(m => new MilestoneDoc { Period = m.Period, Text = m.Text })],
            Position = kpi.ActionPlans.IndexOf(a), Version = a.Version,
        };
    }
}
