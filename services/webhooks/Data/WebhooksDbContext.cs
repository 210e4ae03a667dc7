using Microsoft.EntityFrameworkCore;

namespace CodeTether.Webhooks.Data;

public class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
}
