using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Data;

/// <summary>
/// A plan's change stamp: a new random value in the same transaction as every change to the plan's rows (its KPIs,
/// values, action plans, assessments, settings, steps …) or to its organisation. Readers key what they cache by
/// (plan, stamp), so one indexed read per request tells every app instance whether what it holds is still the plan as
/// stored. Raised by <see cref="PlanStampInterceptor"/> and <see cref="PlanStampCommandInterceptor"/>; nothing else
/// writes it.
/// </summary>
public sealed class PlanStamp
{
    public int PlanId { get; set; }
    public Plan Plan { get; set; } = null!;
    public long Stamp { get; set; }
}

public static class ReadModelEntities
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<PlanStamp>(e =>
        {
            e.ToTable("PlanStamps");
            e.HasKey(x => x.PlanId);
            e.Property(x => x.PlanId).ValueGeneratedNever();
            e.HasOne(x => x.Plan).WithOne().HasForeignKey<PlanStamp>(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
        // The city KPI page lists the agency KPIs that serve it (Kpi.CityKpi = its code): found by index, not by scan.
        b.Entity<Kpi>().HasIndex(x => x.CityKpi);
    }
}
