using System.Text.Json;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Evaluation;
using Beacon.Web.Features.Interchange;

namespace Beacon.Web.Features.ReadModel;

/// <summary>
/// Where a plan stands, read with one indexed query: which row it is, its status and its change stamp.
/// <see cref="Stamp"/> is 0 for a plan without one (written by something that bypassed EF): never cached.
/// </summary>
/// <param name="PublishedVersion">The number of the plan year's latest published version; null before its first approval.</param>
public sealed record PlanHead(int Id, string Organisation, int Year, PlanStatus Status, long Stamp, int? PublishedVersion = null);

/// <summary>
/// One plan as stored under one stamp, shared by every reader while the stamp holds: the entity graph (not tracked, and
/// never changed once built: nothing may write to it), its workflow history, and what is computed from it once (the
/// evaluation, the interchange document, the API's JSON). A view of a single KPI's page holds only that KPI
/// (<see cref="Partial"/>): the plan's header, themes, perspectives, the KPI's objective and the KPI.
/// </summary>
public sealed class PlanView
{
    private readonly Lazy<PlanEvaluation> evaluation;
    private readonly Lazy<byte[]> document;
    private readonly Lazy<OrganisationEvaluation> summary;
    private readonly object jsonLock = new();
    private (JsonSerializerOptions Options, byte[] Bytes)? evaluationJson;

    /// <param name="version">
    /// When the view is of a published version rather than of the working copy: that version, whose frozen document is
    /// served as it was approved.
    /// </param>
    public PlanView(Plan plan, long stamp, IReadOnlyList<PlanStep> steps, bool partial, PlanVersion? version = null)
    {
        Plan = plan;
        Stamp = stamp;
        Steps = steps;
        Partial = partial;
        Version = version;
        evaluation = new Lazy<PlanEvaluation>(() => PlanEvaluation.Of(plan));
        document = new Lazy<byte[]>(() => version is null ? PlanJson.WriteUtf8(PlanMapping.ToDocument(plan)) : System.Text.Encoding.UTF8.GetBytes(version.Document));
        summary = new Lazy<OrganisationEvaluation>(() => OrganisationEvaluation.Of(Evaluation));
    }

    public Plan Plan { get; }
    public long Stamp { get; }

    /// <summary>The published version this view shows; null for the working copy.</summary>
    public PlanVersion? Version { get; }
    public bool Partial { get; }

    /// <summary>The workflow history, oldest first.</summary>
    public IReadOnlyList<PlanStep> Steps { get; }

    public PlanEvaluation Evaluation => Whole(evaluation).Value;

    /// <summary>The plan in the interchange format, as GET /api/orgs/{org}/plans/{year} answers it.</summary>
    public byte[] DocumentJson => Whole(document).Value;

    /// <summary>The organisation's figures of the year for the cross-organisation summary.</summary>
    public OrganisationEvaluation Summary => Whole(summary).Value;

    /// <summary>GET …/evaluation's JSON, serialised once with the API's options.</summary>
    public byte[] EvaluationJson(JsonSerializerOptions options)
    {
        lock (jsonLock)
        {
            if (evaluationJson is { } made && made.Options == options) return made.Bytes;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(EvaluationApi.ToDto(Evaluation), options);
            evaluationJson = (options, bytes);
            return bytes;
        }
    }

    /// <summary>A key for what is rendered from this view: the plan, its stamp and what else the rendering depends on.</summary>
    public string Key(params object?[] parts) => $"{Plan.Id}:{Stamp}:v{Version?.Number}:{string.Join(':', parts)}";

    private Lazy<T> Whole<T>(Lazy<T> value) => Partial
        ? throw new InvalidOperationException("a view of one KPI holds only that KPI")
        : value;

    /// <summary>
    /// What the view costs in memory, roughly: measured on the Taipei and the national datasets at about 600 bytes a
    /// row loaded, doubled once its evaluation, document and pages have been made from it.
    /// </summary>
    public static long EstimateBytes(Plan plan, int steps)
    {
        long rows = 1 + plan.Approvals.Count + plan.Perspectives.Count + plan.Themes.Count + plan.Links.Count + steps;
        foreach (var objective in plan.Objectives)
        {
            rows++;
            foreach (var kpi in objective.Kpis)
                rows += 2 + kpi.Values.Count + kpi.Inputs.Count + kpi.Parts.Sum(p => 1 + p.Values.Count)
                    + kpi.ActionPlans.Sum(a => 1 + a.Budgets.Count + a.Milestones.Count);
        }
        return rows * 1200;
    }
}
