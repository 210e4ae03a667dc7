using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CodeTether.Gateway.Forwarding;

/// <summary>
/// Refuses a body larger than <see cref="GatewayOptions.MaxRequestBodyBytes"/> with 413 problem details: at once when
/// <c>Content-Length</c> says so, and through the server's own limit for bodies sent without one (chunked).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<GatewayOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var max = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            await TypedResults.Problem(
                title: "Request body too large",
                detail: $"The request body is {context.Request.ContentLength} bytes; the gateway accepts at most {max} bytes.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = max;
        await next(context);
    }
}
