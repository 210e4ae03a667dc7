using Microsoft.EntityFrameworkCore;

namespace CodeTether.Gateway.Data;

public class GatewayDbContext(DbContextOptions<GatewayDbContext> options) : DbContext(options)
{
}
