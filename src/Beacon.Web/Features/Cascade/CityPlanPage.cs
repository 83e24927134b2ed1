using Beacon.Core.Cascade;
using Beacon.Core.Plans;
using Beacon.Web.Data;
using Beacon.Web.Features.Plans;

namespace Beacon.Web.Features.Cascade;

/// <summary>A page of a city plan's cascade: the plan read as every plan page reads it (ReadModel), and refused for an agency's plan.</summary>
public abstract class CityPlanPage(BeaconDb db) : PlanPage(db)
{
    public CityCascadeTree Tree { get; protected set; } = null!;

    /// <summary>Loads the city plan and its whole cascade; false (the page answers 404) when there is none, or it is not a city's.</summary>
    protected async Task<bool> LoadCascadeAsync(CancellationToken ct)
    {
        if (!await ReadAsync(ct)) return false;
        if (Plan.Organisation.Kind != OrganisationKind.City)
        {
            NotFound(CascadeText.T("notCity", Plan.Organisation.Name));
            return false;
        }
        Tree = await CascadeLoader.LoadAsync(Db, User, Plan, ct, organisations: true);
        return true;
    }

    public string BureauUrl(Bureau bureau) => $"/orgs/{Uri.EscapeDataString(bureau.Code)}/{Year}";
}
