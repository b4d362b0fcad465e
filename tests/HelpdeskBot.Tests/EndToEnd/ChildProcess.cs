using System.Collections.Concurrent;
using System.Diagnostics;

namespace HelpdeskBot.Tests.EndToEnd;

/// <summary>A child process whose output is kept (for failure messages) and which is killed, with its children, on dispose.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote so far (stdout and stderr interleaved).</summary>
    public string Output => string.Join('\n', _output);

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { child._output.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { child._output.Enqueue(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Polls <paramref name="url"/> until it answers 2xx or the process exits or the time is up.</summary>
    public async Task WaitForHttpAsync(Uri url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var cts = new CancellationTokenSource(timeout, TimeProvider.System);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode} before answering {url}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(url, cts.Token);
                if ((int)response.StatusCode < 500)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cts.IsCancellationRequested)
            {
                // One slow attempt.
            }
            catch (OperationCanceledException) when (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"{url} did not answer within {timeout}:\n{Output}");
            }

            await Task.Delay(200, cts.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"{url} did not answer within {timeout}:\n{Output}");
            }
        }
    }

    /// <summary>The exit code once the process has exited (137 = 128 + SIGKILL).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// SIGKILL (what <see cref="Process.Kill(bool)"/> sends on Linux, like <c>kill -9</c> or an OOM kill): no shutdown
    /// code runs in the process. Returns once it is gone.
    /// </summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
