using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Data;

/// <summary>
/// A published version of a plan year, frozen when the plan was approved and never changed: its number (1, 2 …), the
/// day and the body that approved it, who approved it, why (the revision's reason, or the approval's comment), and the
/// whole plan as it was, in the interchange format (the exporter's canonical bytes). The public reads the latest one
/// while a newer draft or revision is prepared. Kept by organisation and year, so it outlives the plan row an import
/// replaces.
/// </summary>
public sealed class PlanVersion
{
    public int Id { get; set; }
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public int Year { get; set; }
    public int Number { get; set; }
    /// <summary>The day of the approval, in Taipei.</summary>
    public DateOnly Date { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The approving body (第 2125 次市政會議), when one was named.</summary>
    public string? Body { get; set; }
    public required string ApprovedBy { get; set; }
    public string? Reason { get; set; }
    /// <summary>The approval of a revision (修正) rather than of a new plan or of a year's evaluation.</summary>
    public bool Revision { get; set; }
    /// <summary>The plan in the interchange format, exactly as exported at approval.</summary>
    public required string Document { get; set; }
    /// <summary>The organisation's names and the plan's title as the version has them, for lists that do not read the document.</summary>
    public required string OrganisationName { get; set; }
    public string? OrganisationNameEn { get; set; }
    public string? Title { get; set; }
}

/// <summary>The model of plan editing and versions: the versions table, and the editing versions as concurrency tokens.</summary>
public static class AuthoringModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PlanVersion>(e =>
        {
            e.HasIndex(x => new { x.OrganisationId, x.Year, x.Number }).IsUnique();
            e.HasOne(x => x.Organisation).WithMany().HasForeignKey(x => x.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        });
        // Existing rows start at version 0 (the migration's default); every edit raises them, and a save based on an
        // older one changes no row and is refused.
        b.Entity<Organisation>().Property(x => x.Version).HasDefaultValue(0).IsConcurrencyToken();
        b.Entity<Plan>(e =>
        {
            e.Property(x => x.HeaderVersion).HasDefaultValue(0).IsConcurrencyToken();
            e.Property(x => x.ChildrenVersion).HasDefaultValue(0).IsConcurrencyToken();
            e.Property(x => x.LinksVersion).HasDefaultValue(0).IsConcurrencyToken();
        });
        b.Entity<Theme>().Property(x => x.Version).HasDefaultValue(0).IsConcurrencyToken();
        b.Entity<Objective>().Property(x => x.Version).HasDefaultValue(0).IsConcurrencyToken();
        b.Entity<Kpi>().Property(x => x.Version).HasDefaultValue(0).IsConcurrencyToken();
        b.Entity<ActionPlan>().Property(x => x.Version).HasDefaultValue(0).IsConcurrencyToken();
    }
}
