using OcopTrade.Tests.Support;

namespace OcopTrade.LocalHost.Tests.Support;

/// <summary>One in-memory Azurite for the whole conformance suite; each test uses its own queues and table.</summary>
public sealed class StorageFixture : IAsyncLifetime
{
    public Azurite Azurite { get; private set; } = null!;

    public async Task InitializeAsync() => Azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await Azurite.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<StorageFixture>
{
    public const string Name = "storage";
}
