using System.Collections.Concurrent;
using System.Diagnostics;
using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Tests.Fixtures;
using HelpdeskBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HelpdeskBot.Probes.Tests.Diagnosis;

/// <summary>
/// With spaced attempts the HTTP/1.1 check runs beside them (it goes out with attempt 2). When the attempts' loop
/// throws — the caller cancels, or something inside it fails — the check ends with the diagnosis: by the time the
/// exception reaches the caller no attempt of it is still running (its <c>probe.http</c> span has ended).
/// The site (TLS, h2 and HTTP/1.1) answers attempt 1 and holds what the test says until the probe goes away.
/// </summary>
public sealed class SpacedCheckEndTests : IAsyncDisposable
{
    private const string Name = "spaced-check.contoso.test"; // a name of its own: the span listener sees every test's spans

    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    private readonly ObservedClock _clock = new();
    private readonly SemaphoreSlim _pauses = new(0);
    private readonly TaskCompletionSource _checkHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _attempt2Held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<Activity, bool> _openAttempts = new();
    private readonly ActivityListener _listener;
    private int _http2;

    public SpacedCheckEndTests()
    {
        _clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        _clock.Watch(Spacing, _pauses);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ProbeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = a => _openAttempts.TryAdd(a, true),
            ActivityStopped = a => _openAttempts.TryRemove(a, out _),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _pauses.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_caller_cancelling_between_spaced_attempts_leaves_no_http1_check_running()
    {
        using var caller = new CancellationTokenSource();
        await ProbeAsync(holdAttempt2: true, null, async diagnosis =>
        {
            // Attempt 2 and the check are both on their way, held by the site; the caller gives up.
            await Task.WhenAll(_attempt2Held.Task, _checkHeld.Task).WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System);
            await caller.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => diagnosis);
        }, caller.Token);
    }

    [Fact]
    public async Task A_failure_inside_the_spaced_attempts_ends_the_http1_check_before_it_leaves()
    {
        // The loop fails before attempt 3 (here the progress reporter throws); the caller did not cancel, so only the
        // diagnosis can end the check, which the site holds meanwhile.
        var progress = new Throwing("HTTP attempt 3 of 3");
        await ProbeAsync(holdAttempt2: false, progress, async diagnosis =>
        {
            await _checkHeld.Task.WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System);
            await PausedAsync(diagnosis); // before attempt 3
            _clock.AdvanceToNextTimer();
            var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => diagnosis);
            Assert.Equal(progress.Message, thrown.Message);
        }, CancellationToken.None);
    }

    /// <summary>
    /// Starts a 3-attempt diagnosis of the site, moves the clock past the pause before attempt 2, lets
    /// <paramref name="act"/> end it, then asserts that none of its attempts is still running.
    /// </summary>
    private async Task ProbeAsync(bool holdAttempt2, IProgress<ProbeProgress>? progress, Func<Task<HelpdeskBot.Probes.Diagnosis.Diagnosis>, Task> act, CancellationToken cancellationToken)
    {
        await using var site = await TlsSite.StartAsync(Name, async ctx =>
        {
            if (ctx.Request.Protocol != "HTTP/2")
            {
                _checkHeld.TrySetResult();
                await HoldAsync(ctx);
                return;
            }

            if (Interlocked.Increment(ref _http2) == 2 && holdAttempt2)
            {
                _attempt2Held.TrySetResult();
                await HoldAsync(ctx);
                return;
            }

            await ctx.Response.WriteAsync("<title>Wiki</title>");
        }, HttpProtocols.Http1AndHttp2);
        using var host = ProbeHost.Build(
            o =>
            {
                o.SystemResolver = site.Resolver;
                o.AllowedPorts = [site.Port];
                o.AttemptSpacing = Spacing;
            },
            time: _clock);

        var diagnosis = host.Diagnoser().DiagnoseAsync(new DiagnosisRequest(site.Url, null, 3), progress, cancellationToken);
        await PausedAsync(diagnosis); // before attempt 2
        _clock.AdvanceToNextTimer();
        await act(diagnosis);

        var running = _openAttempts.Keys.Where(a => a.OperationName == "probe.http" && (string?)a.GetTagItem("server.address") == Name).ToList();
        Assert.True(running.Count == 0, "still running after the diagnosis ended: attempt " + string.Join(", ", running.Select(a => a.GetTagItem("helpdeskbot.probe.attempt"))));
    }

    /// <summary>Until the diagnosis waits in a pause between attempts (it must not end first).</summary>
    private async Task PausedAsync(Task diagnosis)
    {
        var paused = _pauses.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.NotSame(diagnosis, await Task.WhenAny(diagnosis, paused));
        Assert.True(await paused, "the diagnosis did not pause between attempts");
    }

    /// <summary>Never answers: waits until the probe closes the request.</summary>
    private static async Task HoldAsync(HttpContext ctx)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // the probe went away
        }
    }

    private sealed class Throwing(string at) : IProgress<ProbeProgress>
    {
        public string Message => $"progress failed at '{at}'";

        public void Report(ProbeProgress value)
        {
            if (value.Message == at)
            {
                throw new InvalidOperationException(Message);
            }
        }
    }
}
