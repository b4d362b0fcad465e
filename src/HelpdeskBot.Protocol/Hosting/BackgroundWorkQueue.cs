using System.Threading.Channels;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// Queue of turn work that continues after the HTTP answer, run by this hosted service with limited concurrency
/// (the backlog waits, it is never refused: accepted work must not be dropped); on shutdown the running items get
/// the stopping token. Work that must survive a restart belongs in the store, not here.
/// </summary>
internal sealed class BackgroundWorkQueue : BackgroundService, IBackgroundWorkQueue
{
    private readonly Channel<Func<CancellationToken, Task>> _channel;
    private readonly int _concurrency;
    private readonly ILogger<BackgroundWorkQueue> _logger;

    public BackgroundWorkQueue(IOptions<BotMessagesOptions> options, ILogger<BackgroundWorkQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _concurrency = options.Value.BackgroundConcurrency;
        _logger = logger;
        _channel = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = false });
    }

    public bool TryEnqueue(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        // Unbounded: fails only after the host stopped (the writer is never completed before).
        return _channel.Writer.TryWrite(work);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = new Task[_concurrency];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(() => RunWorkerAsync(stoppingToken), CancellationToken.None);
        }

        return Task.WhenAll(workers);
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _channel.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await work(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.BackgroundWorkFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
