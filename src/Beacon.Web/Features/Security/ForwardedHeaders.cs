using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Beacon.Web.Features.Security;

/// <summary>
/// <c>ForwardedHeaders:*</c> in configuration. Off by default: a client could otherwise claim any address or HTTPS.
/// Turn it on behind a reverse proxy that terminates TLS, so the app sees the client's address (rate limits) and the
/// original scheme (Secure cookies).
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies whose X-Forwarded-* headers are believed; empty means the loopback proxy only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, 10.0.0.0/8) of such proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

public static class ForwardedHeaders
{
    /// <summary>Reads the settings; a proxy or network that is not an address fails at start-up, naming the setting.</summary>
    public static IServiceCollection AddBeaconForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        services.AddSingleton(settings);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            if (settings.KnownProxies.Count + settings.KnownNetworks.Count == 0) return; // ASP.NET Core's default: loopback
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in settings.KnownProxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address"));
            foreach (var network in settings.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8"));
        });
        return services;
    }

    /// <summary>First in the pipeline when enabled, so everything after it sees the client's address and scheme.</summary>
    public static IApplicationBuilder UseBeaconForwardedHeaders(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<ForwardedHeadersSettings>().Enabled) app.UseForwardedHeaders();
        return app;
    }
}
