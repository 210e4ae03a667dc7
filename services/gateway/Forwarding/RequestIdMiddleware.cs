namespace CodeTether.Gateway.Forwarding;

/// <summary>
/// Every request has an <c>X-Request-Id</c>: the client's (up to 128 printable characters) or one the gateway makes.
/// It is forwarded to the service and returned on the response, whatever the response is.
/// </summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string HeaderName = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[HeaderName].ToString();
        if (!IsAcceptable(requestId))
        {
            requestId = Guid.NewGuid().ToString("N");
            context.Request.Headers[HeaderName] = requestId;
        }
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => c is > ' ' and < (char)127);
}
