using CodeTether.ServiceDefaults;
using CodeTether.Webhooks;
using CodeTether.Webhooks.Api;
using CodeTether.Webhooks.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<WebhooksDbContext>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<WebhooksDbContext>();
    builder.AddWebhooks(bus);
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapWebhooksApi();
app.Run();
