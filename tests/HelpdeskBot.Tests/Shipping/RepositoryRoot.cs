namespace HelpdeskBot.Tests.Shipping;

/// <summary>The repository's root folder (the one holding HelpdeskBot.sln), found from the test's output folder.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HelpdeskBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HelpdeskBot.sln not found above " + AppContext.BaseDirectory);
    }
}
