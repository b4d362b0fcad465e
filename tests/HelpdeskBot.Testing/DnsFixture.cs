using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace HelpdeskBot.Testing;

/// <summary>
/// An in-process DNS server (ARSoft.Tools.Net) on a loopback UDP port. Names not configured answer NXDOMAIN.
/// Counts the queries it receives per name.
/// </summary>
public sealed class DnsFixture : IDisposable
{
    private readonly DnsServer _server;
    private readonly Dictionary<string, Func<int, RecordType, DnsAnswer>> _zones = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    public DnsFixture()
    {
        Port = FreeUdpPort();
        _server = new DnsServer(new UdpServerTransport(new IPEndPoint(IPAddress.Loopback, Port)));
        _server.QueryReceived += OnQueryAsync;
        _server.Start();
    }

    public int Port { get; }

    /// <summary>"127.0.0.1:port", for Probes:Resolvers / Probes:SystemResolver.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public int Queries(string name)
    {
        lock (_lock)
        {
            return _counts.GetValueOrDefault(name.TrimEnd('.'));
        }
    }

    public int TotalQueries
    {
        get
        {
            lock (_lock)
            {
                return _counts.Values.Sum();
            }
        }
    }

    /// <summary>A name with fixed A records.</summary>
    public DnsFixture A(string name, params string[] addresses)
    {
        _zones[name] = (_, _) => new DnsAnswer(ReturnCode.NoError, [], addresses);
        return this;
    }

    /// <summary>name → CNAME chain → A records.</summary>
    public DnsFixture Cname(string name, string[] chain, params string[] addresses)
    {
        _zones[name] = (_, _) => new DnsAnswer(ReturnCode.NoError, chain, addresses);
        return this;
    }

    /// <summary>An answer that depends on how many A queries for the name came before (DNS rebinding).</summary>
    public DnsFixture Changing(string name, Func<int, string> addressForQuery)
    {
        _zones[name] = (n, type) => new DnsAnswer(ReturnCode.NoError, [], type == RecordType.A ? [addressForQuery(n)] : []);
        return this;
    }

    public DnsFixture Fail(string name, ReturnCode code)
    {
        _zones[name] = (_, _) => new DnsAnswer(code, [], []);
        return this;
    }

    public void Dispose() => _server.Stop();

    private Task OnQueryAsync(object sender, QueryReceivedEventArgs e)
    {
        try
        {
            return Answer(e);
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("DNSFIX " + ex);
            throw;
        }
    }

    private Task Answer(QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query || query.Questions.Count == 0)
        {
            return Task.CompletedTask;
        }

        var question = query.Questions[0];
        var name = question.Name.ToString().TrimEnd('.');
        var response = query.CreateResponseInstance();
        int count;
        lock (_lock)
        {
            count = _counts.GetValueOrDefault(name);
            if (question.RecordType == RecordType.A)
            {
                _counts[name] = count + 1;
            }
            else
            {
                _counts.TryAdd(name, 0);
            }
        }

        if (!_zones.TryGetValue(name, out var zone))
        {
            response.ReturnCode = ReturnCode.NxDomain;
            e.Response = response;
            return Task.CompletedTask;
        }

        var answer = zone(count, question.RecordType);
        response.ReturnCode = answer.Code;
        var owner = question.Name;
        // A CNAME answers every type (RFC 1034 §3.6.2), so the chain comes first whatever was asked; the address records
        // of the asked type follow, owned by the last name of the chain.
        foreach (var target in question.RecordType is RecordType.A or RecordType.Aaaa ? answer.Chain : [])
        {
            var canonical = DomainName.Parse(target);
            response.AnswerRecords.Add(new CNameRecord(owner, 60, canonical));
            owner = canonical;
        }

        foreach (var address in answer.Addresses)
        {
            var ip = IPAddress.Parse(address);
            if (question.RecordType == RecordType.A && ip.AddressFamily == AddressFamily.InterNetwork)
            {
                response.AnswerRecords.Add(new ARecord(owner, 60, ip));
            }
            else if (question.RecordType == RecordType.Aaaa && ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                response.AnswerRecords.Add(new AaaaRecord(owner, 60, ip));
            }
        }

        e.Response = response;
        return Task.CompletedTask;
    }

    private static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private sealed record DnsAnswer(ReturnCode Code, string[] Chain, string[] Addresses);
}

/// <summary>
/// A UDP socket that receives queries and never answers: a resolver that times out. <see cref="Waiting"/> is released
/// once per A query received, so a test on a fake clock moves time only once the probe waits for the answer.
/// </summary>
public sealed class SilentResolver : IDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));

    public SilentResolver() => _ = ReceiveAsync();

    public string Endpoint => $"127.0.0.1:{((IPEndPoint)_socket.Client.LocalEndPoint!).Port}";

    /// <summary>Released once for each A query received (the AAAA query goes out beside it).</summary>
    public SemaphoreSlim Waiting { get; } = new(0);

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveAsync()
    {
        try
        {
            while (true)
            {
                if (QueryType((await _socket.ReceiveAsync()).Buffer) == 1)
                {
                    Waiting.Release();
                }
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // disposed
        }
    }

    /// <summary>The first question's QTYPE (RFC 1035 §4.1.2): after the 12-byte header and the name's labels.</summary>
    private static int QueryType(byte[] query)
    {
        var i = 12;
        while (i < query.Length && query[i] != 0)
        {
            i += query[i] + 1;
        }

        return i + 2 < query.Length ? (query[i + 1] << 8) | query[i + 2] : -1;
    }
}
