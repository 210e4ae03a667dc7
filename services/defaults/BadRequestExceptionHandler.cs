using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CodeTether.ServiceDefaults;

/// <summary>
/// Turns unreadable requests into 400 problem details that say what was wrong. A body of the wrong shape (a string where
/// a number belongs, …) is answered with validation problem details naming each bad field, found by reading every
/// field of the (buffered) body into the endpoint's request type on its own.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails, IOptions<HttpJsonOptions> jsonOptions) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
            return false;

        ProblemDetails problem = new()
        {
            Title = "The request could not be read.",
            Detail = badRequest.Message,
        };
        if (badRequest.InnerException is JsonException json)
        {
            var fieldErrors = await FieldErrorsAsync(context, json, cancellationToken);
            problem = fieldErrors.Count > 0
                ? new HttpValidationProblemDetails(fieldErrors)
                {
                    Title = problem.Title,
                    Detail = $"These fields have the wrong type: {string.Join(", ", fieldErrors.Keys)}.",
                }
                : new ProblemDetails { Title = problem.Title, Detail = $"The request body is not valid JSON: {json.Message}" };
        }
        problem.Status = badRequest.StatusCode;
        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>Each top-level field of the body that does not read as its property's type; empty when the body is not a JSON object.</summary>
    private async Task<Dictionary<string, string[]>> FieldErrorsAsync(HttpContext context, JsonException json, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        // The exception handler has cleared the request's endpoint; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var requestType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || !context.Request.Body.CanSeek)
            return errors;

        var options = jsonOptions.Value.SerializerOptions;
        var properties = options.GetTypeInfo(requestType).Properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        context.Request.Body.Position = 0;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return errors;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return errors;
            foreach (var field in document.RootElement.EnumerateObject())
            {
                if (!properties.TryGetValue(field.Name, out var property))
                    continue;
                try
                {
                    field.Value.Deserialize(property.PropertyType, options);
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
                {
                    errors[property.Name] = [$"The field {property.Name} must be {Describe(property.PropertyType)}; got a JSON {field.Value.ValueKind.ToString().ToLowerInvariant()}."];
                }
            }
        }
        return errors;
    }

    private static string Describe(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying == typeof(string) ? "a string"
            : underlying == typeof(int) || underlying == typeof(long) ? "an integer"
            : underlying == typeof(bool) ? "true or false"
            : underlying == typeof(double) || underlying == typeof(decimal) ? "a number"
            : underlying == typeof(DateTimeOffset) ? "a timestamp"
            : underlying == typeof(Guid) ? "an id"
            : $"a {underlying.Name}";
    }
}
