using System.Threading.Channels;
using HelpdeskBot.Protocol.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>
/// Bounded queue of turn work that continues after the HTTP answer, run by this hosted service with limited
/// concurrency; on shutdown the running items get the stopping token.
/// </summary>
internal sealed class BackgroundWorkQueue : BackgroundService, IBackgroundWorkQueue
{
    private readonly Channel<Func<CancellationToken, Task>> _channel;
    private readonly int _capacity;
    private readonly int _concurrency;
    private readonly ILogger<BackgroundWorkQueue> _logger;

    public BackgroundWorkQueue(IOptions<BotMessagesOptions> options, ILogger<BackgroundWorkQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _capacity = options.Value.BackgroundQueueCapacity;
        _concurrency = options.Value.BackgroundConcurrency;
        _logger = logger;
        _channel = Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
        });
    }

    public bool TryEnqueue(Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_channel.Writer.TryWrite(work))
        {
            return true;
        }

        Log.BackgroundQueueFull(_logger, _capacity);
        return false;
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
