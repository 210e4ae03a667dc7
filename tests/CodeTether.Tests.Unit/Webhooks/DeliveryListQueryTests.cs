using CodeTether.Webhooks.Api;
using CodeTether.Webhooks.Data;
using Microsoft.EntityFrameworkCore;

namespace CodeTether.Tests.Unit.Webhooks;

public class DeliveryListQueryTests
{
    [Fact]
    public void A_listed_delivery_is_read_without_its_payload_but_with_its_attempts()
    {
        using var db = new WebhooksDbContext(new DbContextOptionsBuilder<WebhooksDbContext>()
            .UseNpgsql("Host=unused").UseSnakeCaseNamingConvention().Options);

        var sql = db.Deliveries.OrderByDescending(d => d.CreatedAt).Take(20).Select(DeliveryResponse.WithoutPayload).ToQueryString();

        Assert.DoesNotContain("payload", sql);
        Assert.Contains("response_start", sql);
    }
}
