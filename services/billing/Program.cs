using CodeTether.Billing.Data;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<BillingDbContext>();
builder.AddMessaging(_ => { });

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
