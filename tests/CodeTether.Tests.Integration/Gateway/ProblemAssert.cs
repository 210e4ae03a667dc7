using System.Net;
using System.Text.Json;

namespace CodeTether.Tests.Integration.Gateway;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with this status and title, and returns it for further checks.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (title is not null)
            Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }
}
