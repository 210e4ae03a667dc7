using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CodeTether.Gateway.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the gateway, which needs secrets such as the signing key.</summary>
internal sealed class GatewayDbContextDesignTimeFactory : IDesignTimeDbContextFactory<GatewayDbContext>
{
    public GatewayDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<GatewayDbContext>().UseNpgsql().Options);
}
