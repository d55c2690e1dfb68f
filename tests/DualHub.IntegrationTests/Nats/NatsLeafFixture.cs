using DualHub.Nats.Streams;
using DualHub.Nats.Supervision;
using DualHub.Testing;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Nats;

/// <summary>One leaf pair (mainpc hub + pc2 edge) with streams applied, shared by tests that do not stop servers.</summary>
public sealed class NatsLeafFixture : IAsyncLifetime
{
    private int _nextId;

    public string Directory { get; } = TempDir.Create();

    internal INatsDeployment Deployment { get; private set; } = null!;

    internal IReadOnlyList<NatsApplyChange> FirstApply { get; private set; } = [];

    internal NatsConnection MainPc { get; private set; } = null!;

    internal NatsConnection Pc2 { get; private set; } = null!;

    internal INatsJSContext MainPcJs => new NatsJSContext(MainPc);

    internal INatsJSContext Pc2Js => new NatsJSContext(Pc2);

    /// <summary>A unique token per test, for subjects and msg ids on the shared streams.</summary>
    public string NextId() => "t" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        var topology = NatsTestTopologies.Leaf(Directory);
        Deployment = await NatsSupervisor.StartAsync(topology, Path.Combine(Directory, "conf"));
        FirstApply = await NatsStreamApplier.ApplyAsync(topology);
        MainPc = new NatsConnection(NatsOpts.Default with { Url = Deployment.Servers["mainpc"].ClientUrl });
        Pc2 = new NatsConnection(NatsOpts.Default with { Url = Deployment.Servers["pc2"].ClientUrl });
    }

    public async Task DisposeAsync()
    {
        await MainPc.DisposeAsync();
        await Pc2.DisposeAsync();
        await Deployment.DisposeAsync();
        TempDir.Delete(Directory);
    }
}

[CollectionDefinition(Name)]
public sealed class NatsLeafGroup : ICollectionFixture<NatsLeafFixture>
{
    public const string Name = "nats-leaf";
}
