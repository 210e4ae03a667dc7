using CodeTether.ServiceDefaults;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CodeTether.Workers.Models;

public static class ModelProviderRegistration
{
    /// <summary>The <c>Models</c> section, the model catalogue, the chat clients, and the HTTP client they all send through.</summary>
    public static IHostApplicationBuilder AddModelProviders(this IHostApplicationBuilder builder)
    {
        builder.AddModelCatalog();
        builder.Services.Configure<ModelOptions>(builder.Configuration.GetSection(ModelOptions.Section));
        builder.Services.AddSingleton<ModelCatalog>();
        builder.Services.AddSingleton<ChatClientProvider>();
        // The resilience handler times each attempt; the chat clients live as long as the process, so connections are
        // renewed by the pool rather than by the factory's handler rotation.
        builder.Services.AddHttpClient(ChatClientProvider.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddResilienceHandler("model-provider-retries", (pipeline, context) =>
            {
                var retry = context.ServiceProvider.GetRequiredService<IOptions<ModelOptions>>().Value.Retry;
                if (retry.MaxAttempts > 1)
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = retry.MaxAttempts - 1,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = retry.BaseDelay,
                        MaxDelay = retry.MaxDelay,
                        ShouldRetryAfterHeader = false,
                        DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, retry.MaxDelay)),
                    });
                pipeline.AddTimeout(retry.AttemptTimeout);
            });
        return builder;
    }

    /// <summary>The wait the provider asked for in <c>Retry-After</c> (seconds or a date), at most <paramref name="maxDelay"/>.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan maxDelay)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? header?.Date - DateTimeOffset.UtcNow;
        return wait is { } delay && delay > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(delay.Ticks, maxDelay.Ticks)) : null;
    }
}
