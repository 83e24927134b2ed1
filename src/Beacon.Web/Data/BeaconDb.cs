using System.Text.Json;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Web.Data;

/// <summary>The unit of work. The schema comes from the hand-written migrations in Data/Migrations.</summary>
public sealed class BeaconDb(DbContextOptions<BeaconDb> options) : IdentityDbContext<BeaconUser>(options), IDataProtectionKeyContext
{
    private AuditScope? audit;

    /// <summary>
    /// Who acts in this unit of work, for the audit trail: the request's or command's <see cref="AuditScope"/>, set when
    /// the container hands the (pooled) unit of work to a scope; the system for one made outside any scope.
    /// </summary>
    public AuditScope Audit { get => audit ??= new AuditScope(); set => audit = value; }

    /// <summary>
    /// Opens the connection for the rest of this unit of work (it closes when the unit goes back to the pool): the few
    /// reads of a request (the account check, the plan's head, the header's count) then share one open connection
    /// instead of taking one from the pool and giving it back around each.
    /// </summary>
    public Task KeepConnectionOpenAsync(CancellationToken ct) =>
        Database.GetDbConnection().State == System.Data.ConnectionState.Open ? Task.CompletedTask : Database.OpenConnectionAsync(ct);

    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Plan> Plans => Set<Plan>();
    public DbSet<PlanApproval> PlanApprovals => Set<PlanApproval>();
    public DbSet<Perspective> Perspectives => Set<Perspective>();
    public DbSet<Theme> Themes => Set<Theme>();
    public DbSet<Objective> Objectives => Set<Objective>();
    public DbSet<Kpi> Kpis => Set<Kpi>();
    public DbSet<KpiPart> KpiParts => Set<KpiPart>();
    public DbSet<KpiValue> KpiValues => Set<KpiValue>();
    public DbSet<ActionPlan> ActionPlans => Set<ActionPlan>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<ObjectiveLink> ObjectiveLinks => Set<ObjectiveLink>();
    public DbSet<KpiInput> KpiInputs => Set<KpiInput>();
    public DbSet<KpiAssessment> KpiAssessments => Set<KpiAssessment>();
    public DbSet<EvaluationSetting> EvaluationSettings => Set<EvaluationSetting>();
    public DbSet<PlanStep> PlanSteps => Set<PlanStep>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<EvaluationCalendar> EvaluationCalendars => Set<EvaluationCalendar>();
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<SignInThrottle> SignInThrottles => Set<SignInThrottle>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        OperationsModel.Configure(b);
        b.Entity<BeaconUser>(e =>
        {
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            StringList(e.Property(x => x.Divisions));
        });
        b.Entity<PlanStep>(e => { e.Property(x => x.From).HasConversion<string>(); e.Property(x => x.To).HasConversion<string>(); });
        b.Entity<AuditEntry>(e =>
        {
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.OrganisationCode, x.Year });
            e.HasIndex(x => x.UserName);
        });
        b.Entity<Organisation>(e =>
        {
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>();
            e.HasOne(x => x.Parent).WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Plan>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Year }).IsUnique();
            e.HasOne(x => x.Organisation).WithMany(x => x.Plans).HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            StringList(e.Property(x => x.CoreValues));
            e.HasMany(x => x.Approvals).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Perspectives).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Themes).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Objectives).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Links).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Steps).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            // Plans stored before the workflow existed were published documents: the column defaults say so
            // (migration 4). The sentinels make EF always send the value it has, so a new plan is never defaulted.
            e.Property(x => x.Status).HasConversion<string>().HasDefaultValue(PlanStatus.Approved).HasSentinel((PlanStatus)(-1));
            e.Property(x => x.Version).IsConcurrencyToken().HasDefaultValue(1).HasSentinel(-1);
        });
        b.Entity<Perspective>(e => e.Property(x => x.Kind).HasConversion<string>());
        b.Entity<Theme>(e => StringList(e.Property(x => x.Members)));
        b.Entity<Objective>(e =>
        {
            e.HasIndex(x => new { x.PlanId, x.Code }).IsUnique();
            e.HasOne(x => x.Theme).WithMany().HasForeignKey(x => x.ThemeId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Perspective).WithMany().HasForeignKey(x => x.PerspectiveId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Kpis).WithOne(x => x.Objective).HasForeignKey(x => x.ObjectiveId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Kpi>(e =>
        {
            e.Property(x => x.Direction).HasConversion<string>();
            StringList(e.Property(x => x.Responsible));
            e.HasMany(x => x.Parts).WithOne().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Values).WithOne().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.ActionPlans).WithOne().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Inputs).WithOne().HasForeignKey(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne(x => x.Assessment).WithOne().HasForeignKey<KpiAssessment>(x => x.KpiId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<KpiInput>(e =>
        {
            e.HasIndex(x => new { x.KpiId, x.Year, x.Period, x.Name }).IsUnique();
            e.Property(x => x.Value).HasPrecision(28, 8);
        });
        b.Entity<KpiAssessment>(e =>
        {
            foreach (var p in new[] { "SelfInnovation", "SelfChallenge", "SelfContribution", "ReviewInnovation", "ReviewChallenge", "ReviewContribution" })
                e.Property(p).HasPrecision(9, 4);
            e.Property(x => x.ReviewLight).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<EvaluationSetting>(e =>
        {
            e.HasIndex(x => x.PlanId).IsUnique();
            e.HasOne<Plan>().WithOne(x => x.Evaluation).HasForeignKey<EvaluationSetting>(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
            foreach (var p in new[] { "WeightAchievement", "WeightInnovation", "WeightChallenge", "WeightContribution", "BandExcellent", "BandGood", "BandFair" })
                e.Property(p).HasPrecision(9, 4);
            e.Property(x => x.BandRule).HasConversion<string>();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<KpiPart>(e =>
        {
            e.Property(x => x.Weight).HasPrecision(9, 4);
            e.HasMany(x => x.Values).WithOne().HasForeignKey(x => x.KpiPartId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<KpiValue>(e =>
        {
            e.Property(x => x.Kind).HasConversion<string>();
            e.Property(x => x.Form).HasConversion<string>();
            e.Property(x => x.Comparator).HasConversion<string>();
            e.Property(x => x.Number).HasPrecision(28, 8);
        });
        b.Entity<ActionPlan>(e =>
        {
            StringList(e.Property(x => x.Responsible));
            e.HasMany(x => x.Budgets).WithOne().HasForeignKey(x => x.ActionPlanId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ActionPlanId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Budget>(e => e.Property(x => x.Amount).HasPrecision(18, 2));
        b.Entity<EvaluationCalendar>(e =>
        {
            e.HasIndex(x => x.Year).IsUnique();
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        ReadModelEntities.Configure(b);
        NotificationModel.Configure(b);
        AuthoringModel.Configure(b);
    }

    // Short lists of names (core values, responsible units) are stored as one JSON text column.
    internal static void StringList(PropertyBuilder<List<string>> property) =>
        property.HasConversion(
                v => JsonSerializer.Serialize(v, JsonOptions),
                v => JsonSerializer.Deserialize<List<string>>(v, JsonOptions) ?? new List<string>(),
                new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())), v => v.ToList()))
            .IsRequired();

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
