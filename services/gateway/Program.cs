using CodeTether.Gateway.Account;
using CodeTether.Gateway.Admin;
using CodeTether.Gateway.ApiReference;
using CodeTether.Gateway.ApiKeys;
using CodeTether.Gateway.Authentication;
using CodeTether.Gateway.Authorization;
using CodeTether.Gateway.Data;
using CodeTether.Gateway.Forwarding;
using CodeTether.Gateway.RateLimiting;
using CodeTether.ServiceDefaults;

if (args is ["admin", .. var adminArgs])
    return await AdminCommands.RunAsync(adminArgs, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<GatewayDbContext>();
builder.AddCallerAuthentication();
builder.AddPlanRateLimits();
builder.AddServiceForwarding();
builder.AddApiReference();

var app = builder.Build();
app.UseRequestId();
app.UseServiceDefaults();
app.UsePlanRateLimits();
app.UseRouteScopes();
app.UseRequestBodyLimit();
app.MapDefaultEndpoints();
app.MapAccountEndpoints();
app.MapApiKeyEndpoints();
app.MapApiReference();
app.MapServiceForwarding();
app.Run();
return 0;
