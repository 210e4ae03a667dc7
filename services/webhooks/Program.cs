using CodeTether.Webhooks.Data;
using CodeTether.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<WebhooksDbContext>();
builder.AddMessaging(_ => { });

var app = builder.Build();
app.UseServiceDefaults();
app.MapDefaultEndpoints();
app.Run();
