using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// Replays deploy/Dockerfile's build stage without a container engine: the build context is the repository filtered
/// by .dockerignore, each <c>COPY</c> of the build stage copies from it into a scratch root (and nothing else
/// does), each <c>RUN dotnet …</c> runs there, and the runtime stage's <c>COPY --from=build</c> source is the
/// published folder. The one deviation: the runtime identifier linux-musl-x64 (Alpine) becomes this machine's,
/// because the musl build of SQLite's native library cannot load on a glibc host.
/// </summary>
internal sealed class ImageBuild : IAsyncDisposable
{
    private ImageBuild(string root, DockerfileModel dockerfile, string appDirectory, string log)
    {
        Root = root;
        Dockerfile = dockerfile;
        AppDirectory = appDirectory;
        Log = log;
    }

    /// <summary>The scratch "file system root" of the build (absolute Dockerfile paths live under it).</summary>
    public string Root { get; }

    public DockerfileModel Dockerfile { get; }

    /// <summary>What the runtime stage copies into its WORKDIR: the published app.</summary>
    public string AppDirectory { get; }

    /// <summary>The output of every RUN, for failure messages.</summary>
    public string Log { get; }

    public static async Task<ImageBuild> RunAsync()
    {
        var dockerfile = DockerfileModel.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "Dockerfile")));
        var root = Directory.CreateTempSubdirectory("hb-image-").FullName;
        try
        {
            return await ReplayAsync(dockerfile, root);
        }
        catch
        {
            // A failed replay leaves no scratch tree behind (a passing one is deleted with the fixture).
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    private static async Task<ImageBuild> ReplayAsync(DockerfileModel dockerfile, string root)
    {
        var ignore = DockerIgnore.Load(RepositoryRoot.Combine(".dockerignore"));
        var build = dockerfile.Build;
        var workDir = Under(root, build.WorkDir);
        foreach (var copy in build.Copies.Where(c => c.From is null))
        {
            foreach (var source in copy.Sources)
            {
                CopyFromContext(source, Path.Combine(workDir, copy.Destination), ignore);
            }
        }

        var log = new System.Text.StringBuilder();
        foreach (var run in build.Runs)
        {
            var words = run.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(words[0] == "dotnet", $"the build stage runs '{run}'; this replay knows only dotnet commands");
            var arguments = words[1..].Select(w => w switch
            {
                "linux-musl-x64" => RuntimeInformation.RuntimeIdentifier,
                // An absolute path of the build container (not an MSBuild switch such as /p:Name=value).
                _ when w.StartsWith('/') && !w.Contains(':', StringComparison.Ordinal) => Under(root, w),
                _ => w,
            }).ToList();
            var (exit, output) = await DotnetAsync(arguments, workDir);
            log.AppendLine($"$ dotnet {string.Join(' ', arguments)}").AppendLine(output);
            Assert.True(exit == 0, $"'{run}' failed in the replayed build context:\n{log}");
        }

        var fromBuild = dockerfile.Runtime.Copies.Single(c => c.From == build.Name);
        return new ImageBuild(root, dockerfile, Under(root, fromBuild.Sources.Single()), log.ToString());
    }

    /// <summary>An absolute container path under <see cref="Root"/>.</summary>
    public static string Under(string root, string containerPath) => Path.Combine(root, containerPath.TrimStart('/'));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private static void CopyFromContext(string source, string destination, DockerIgnore ignore)
    {
        var from = RepositoryRoot.Combine(source.TrimEnd('/'));
        if (File.Exists(from))
        {
            var target = destination.EndsWith('/') ? Path.Combine(destination, Path.GetFileName(from)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(from, target, overwrite: true);
            return;
        }

        Assert.True(Directory.Exists(from), $"the Dockerfile copies {source}, which is not in the build context");
        // COPY dir/ dest/ copies the directory's contents, minus what .dockerignore keeps out of the context.
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/');
            if (ignore.Excludes(relative))
            {
                continue;
            }

            var target = Path.Combine(destination, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static async Task<(int Exit, string Output)> DotnetAsync(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A fresh build server per replay would outlive the test: build in-process.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10), TimeProvider.System);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>The patterns of .dockerignore (the subset of Go filepath.Match syntax this repository uses).</summary>
    private sealed class DockerIgnore(IReadOnlyList<Regex> patterns)
    {
        public static DockerIgnore Load(string path) => new(File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(p => new Regex("^" + Regex.Escape(p.TrimEnd('/')).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "(/.*)?$", RegexOptions.CultureInvariant))
            .ToList());

        /// <summary>True when the path, or a folder above it, matches a pattern.</summary>
        public bool Excludes(string relativePath) => patterns.Any(p => p.IsMatch(relativePath));
    }
}
