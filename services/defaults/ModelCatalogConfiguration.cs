using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace CodeTether.ServiceDefaults;

public static class ModelCatalogConfiguration
{
    public const string File = "models.json";

    /// <summary>
    /// The model catalogue (<c>models.json</c>: <c>Models:Catalog</c>, the friendly names of the n8n document as
    /// <c>provider:model</c> references, and <c>Models:Providers</c>), one file for the tasks service, which checks a task's
    /// model against it, and the workers, which resolve and call it. It comes first among the configuration sources, so
    /// appsettings and environment variables (<c>Models__Catalog__llama3=ollama:llama3.2</c>) extend and override it.
    /// </summary>
    public static IHostApplicationBuilder AddModelCatalog(this IHostApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new JsonConfigurationSource
        {
            Path = File,
            Optional = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        });
        return builder;
    }
}
