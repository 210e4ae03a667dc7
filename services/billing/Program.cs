using CodeTether.Billing.Api;
using CodeTether.Billing.Data;
using CodeTether.Billing.Usage;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<BillingDbContext>();
builder.AddMessaging(bus =>
{
    bus.AddTransactionalOutbox<BillingDbContext>();
    builder.AddUsageBilling(bus);
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.MapBillingApi();
app.Run();
