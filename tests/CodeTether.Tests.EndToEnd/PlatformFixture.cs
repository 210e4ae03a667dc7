using CodeTether.Testing;

namespace CodeTether.Tests.EndToEnd;

public sealed class PlatformFixture : IAsyncLifetime
{
    public Platform Platform { get; private set; } = null!;

    public async Task InitializeAsync() => Platform = await Platform.StartAsync();

    public async Task DisposeAsync() => await Platform.DisposeAsync();
}

[CollectionDefinition(Name)]
public class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
