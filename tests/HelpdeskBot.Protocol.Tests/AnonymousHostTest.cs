using System.Text.Json.Nodes;
using HelpdeskBot.Testing;

namespace HelpdeskBot.Protocol.Tests;

/// <summary>Base of the endpoint tests: the protocol host in anonymous local mode and a fake connector, fresh for each test.</summary>
public abstract class AnonymousHostTest : IAsyncLifetime
{
    internal ProtocolHost Host { get; private set; } = null!;

    protected FakeConnector Connector { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Host = await ProtocolHost.StartAnonymousAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Connector.DisposeAsync();
    }

    /// <summary>The real payload <paramref name="file"/> addressed to the fake connector.</summary>
    protected string WithServiceUrl(string file)
    {
        var node = JsonNode.Parse(Payloads.Read(file))!;
        node["serviceUrl"] = Connector.ServiceUrl;
        return node.ToJsonString();
    }
}
