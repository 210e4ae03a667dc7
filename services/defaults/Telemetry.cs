using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CodeTether.ServiceDefaults;

public static class Telemetry
{
    /// <summary>Our own spans (<see cref="ContinueTrace"/>); traced with MassTransit's, ASP.NET Core's, HttpClient's and Npgsql's.</summary>
    public static readonly ActivitySource Source = new(CodeTetherMetrics.MeterName);

    /// <summary>
    /// Traces and metrics for HTTP, the bus, the database and <see cref="CodeTetherMetrics"/>; exported over OTLP when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set. Console log lines carry the trace and span ids of the work they are about.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddCodeTetherMetrics();
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = IsNotHealthCheck)
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit", "Npgsql", Source.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", CodeTetherMetrics.MeterName));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();

        return builder;
    }

    /// <summary>The current span as a W3C <c>traceparent</c>, to store with work that is picked up later by another message.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>
    /// Makes what the caller does next (until disposed) part of the trace <paramref name="traceParent"/> belongs to, with a
    /// link to the current span: for work that a message about something else set off, such as a waiting task that another
    /// task's completion dispatches. Nothing changes when the current span is already in that trace, or there is none stored.
    /// </summary>
    public static IDisposable? ContinueTrace(string? traceParent, string operation)
    {
        if (!ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent))
            return null;
        var current = Activity.Current;
        if (current?.TraceId == parent.TraceId)
            return null;
        var activity = Source.StartActivity(operation, ActivityKind.Internal, parent, links: current is null ? null : [new ActivityLink(current.Context)]);
        return activity is null ? null : new ResumedTrace(activity, current);
    }

    private static bool IsNotHealthCheck(HttpContext context) => !context.Request.Path.StartsWithSegments("/health");

    /// <summary>Stopping an activity started from a remote parent leaves no current activity; this puts the caller's back.</summary>
    private sealed class ResumedTrace(Activity activity, Activity? previous) : IDisposable
    {
        public void Dispose()
        {
            activity.Dispose();
            Activity.Current = previous;
        }
    }
}
