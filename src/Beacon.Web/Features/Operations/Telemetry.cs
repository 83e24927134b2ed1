using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Beacon.Web.Features.Operations;

/// <summary><c>Telemetry:*</c> in configuration: where the OpenTelemetry metrics go.</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary><c>none</c> (default), <c>prometheus</c> (a scraping endpoint at <see cref="PrometheusPath"/>) or <c>otlp</c> (pushed to <see cref="OtlpEndpoint"/>).</summary>
    public string Exporter { get; set; } = "none";

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>The collector, e.g. http://127.0.0.1:4318/v1/metrics; empty: OTEL_EXPORTER_OTLP_ENDPOINT or the exporter's default.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string OtlpProtocol { get; set; } = "http/protobuf";

    /// <summary>How often metrics are pushed over OTLP.</summary>
    public int ExportIntervalSeconds { get; set; } = 60;

    public bool Prometheus => Exporter.Equals("prometheus", StringComparison.OrdinalIgnoreCase);
    public bool Otlp => Exporter.Equals("otlp", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// OpenTelemetry metrics: ASP.NET Core's (requests and their durations, Kestrel connections, rate limiting), the
/// .NET runtime's (memory, GC, thread pool) and Beacon's own (<see cref="BeaconMetrics"/>), through the exporter the
/// settings choose. With <c>none</c> nothing is collected.
/// </summary>
public static class Telemetry
{
    public static readonly string[] Meters =
    [
        BeaconMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "System.Runtime",
    ];

    public static IServiceCollection AddBeaconTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new();
        if (!settings.Prometheus && !settings.Otlp && !settings.Exporter.Equals("none", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Telemetry:Exporter: '{settings.Exporter}' is not one of none, prometheus, otlp");
        if (settings.Otlp && settings.OtlpProtocol is not ("http/protobuf" or "grpc"))
            throw new InvalidOperationException($"Telemetry:OtlpProtocol: '{settings.OtlpProtocol}' is not http/protobuf or grpc");
        if (settings.Otlp && settings.OtlpEndpoint is { Length: > 0 } endpoint && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Telemetry:OtlpEndpoint: '{endpoint}' is not an absolute URL");
        if (settings.ExportIntervalSeconds <= 0)
            throw new InvalidOperationException("Telemetry:ExportIntervalSeconds must be a positive number of seconds");
        services.AddSingleton(settings);
        if (!settings.Prometheus && !settings.Otlp) return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("beacon"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters);
                if (settings.Prometheus) metrics.AddPrometheusExporter();
                if (settings.Otlp)
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        if (settings.OtlpEndpoint is { Length: > 0 } url) exporter.Endpoint = new Uri(url);
                        exporter.Protocol = settings.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = settings.ExportIntervalSeconds * 1000;
                    });
            });
        return services;
    }

    /// <summary>The Prometheus scraping endpoint, when that exporter is chosen.</summary>
    public static IEndpointRouteBuilder MapBeaconTelemetry(this IEndpointRouteBuilder app)
    {
        var settings = app.ServiceProvider.GetRequiredService<TelemetrySettings>();
        if (settings.Prometheus) app.MapPrometheusScrapingEndpoint(settings.PrometheusPath);
        return app;
    }
}
