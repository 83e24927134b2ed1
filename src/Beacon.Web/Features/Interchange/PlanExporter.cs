using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;

namespace Beacon.Web.Features.Interchange;

public sealed class PlanExporter(BeaconDb db)
{
    public async Task<PlanDocument?> ExportAsync(string orgCode, int year, CancellationToken ct = default)
    {
        var plan = await db.LoadPlanAsync(orgCode, year, ct);
        return plan is null ? null : PlanMapping.ToDocument(plan);
    }
}
