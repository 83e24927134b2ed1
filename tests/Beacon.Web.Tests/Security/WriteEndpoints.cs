using Beacon.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Every endpoint of the running app that writes, read from its routing table: minimal API endpoints with POST, PUT,
/// PATCH or DELETE, and Razor Page handlers for those methods (OnPost…, as the page model declares them). Each is
/// named as "POST /api/import" or "POST /admin/users?handler=Create".
/// </summary>
internal static class WriteEndpoints
{
    private static readonly string[] Writes = ["POST", "PUT", "PATCH", "DELETE"];

    public static async Task<IReadOnlySet<string>> OfAsync(BeaconFactory app)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var loader = app.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods.Where(h => Writes.Contains(h.HttpMethod, StringComparer.OrdinalIgnoreCase)))
                    found.Add($"{handler.HttpMethod.ToUpperInvariant()} {route}{(handler.Name is { Length: > 0 } name ? "?handler=" + name : "")}");
                continue;
            }
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                if (Writes.Contains(method, StringComparer.OrdinalIgnoreCase)) found.Add($"{method.ToUpperInvariant()} {route}");
        }
        return found;
    }
}
