using CodeTether.Gateway.Authentication;
using CodeTether.ServiceDefaults;
using Microsoft.IdentityModel.Tokens;
using Yarp.ReverseProxy.Transforms;

namespace CodeTether.Gateway.Forwarding;

/// <summary>
/// Replaces what the client said about itself with what the gateway established: the client's API key and any
/// <c>X-CodeTether-*</c> header it sent are dropped, and the caller travels as a short-lived token signed for the services.
/// </summary>
public sealed class CallerIdentityTransform(SymmetricSecurityKey signingKey, TimeProvider clock) : RequestTransform
{
    private const string ReservedHeaderPrefix = "X-CodeTether-";

    public override ValueTask ApplyAsync(RequestTransformContext context)
    {
        var headers = context.ProxyRequest.Headers;
        headers.Authorization = null;
        foreach (var name in headers.Select(h => h.Key).Where(IsReserved).ToArray())
            headers.Remove(name);

        var caller = GatewayCaller.From(context.HttpContext.User);
        headers.Add(GatewayIdentity.HeaderName, GatewayIdentity.CreateToken(signingKey, caller.Identity, clock));
        return ValueTask.CompletedTask;
    }

    private static bool IsReserved(string header) => header.StartsWith(ReservedHeaderPrefix, StringComparison.OrdinalIgnoreCase);
}
