using MassTransit;
using CodeTether.ServiceDefaults;
using CodeTether.Workers.Agents;
using CodeTether.Workers.Data;
using CodeTether.Workers.Models;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayAuthentication();
builder.AddServiceDatabase<WorkersDbContext>();
builder.AddMessaging(x => x.AddConsumer<RunTaskConsumer, RunTaskConsumerDefinition>());
builder.Services.Configure<ModelOptions>(builder.Configuration.GetSection(ModelOptions.Section));
builder.Services.AddSingleton<ChatClientProvider>();
builder.Services.AddScoped<AgentRunner>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(new WorkerIdentity(builder.Configuration["Worker:Id"] ?? $"{Environment.MachineName}-{Environment.ProcessId}"));

var app = builder.Build();
app.UseServiceDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDefaultEndpoints();
app.Run();
