using Beacon.Web.Features.ReadModel;
using Beacon.Web.Tests.Infrastructure;

namespace Beacon.Web.Tests.ReadModel;

public static class ReadModelKit
{
    /// <summary>Empties the app's caches of plan views, responses and renderings, so the next read is a cold one.</summary>
    public static Task ClearReadModelAsync(this BeaconFactory app) => ReadModelSetup.ClearAsync(app.Services);
}
