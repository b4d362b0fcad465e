using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace HelpdeskBot.Storage.Schema;

/// <summary>One numbered SQL script of an engine, embedded from <c>{Engine}/Migrations/NNNN_name.sql</c>.</summary>
internal sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>The engine's folder (<c>Sqlite</c>, <c>Postgres</c>).</summary>
    public string Folder { get; init; } = string.Empty;

    /// <summary>The script's path in the Storage project, as the repository spells it.</summary>
    public string FilePath => $"{Folder}/Migrations/{Version.ToString("D4", CultureInfo.InvariantCulture)}_{Name}.sql";

    /// <summary>
    /// SHA-256 (lower-case hex) of the script with line endings made \n and trailing white space dropped, so a checkout
    /// that only changes those (core.autocrlf) is no change.
    /// </summary>
    public string Checksum { get; } = Hash(Sql);

    internal static string Hash(string sql)
    {
        var lines = sql.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd());
        var normalized = string.Join('\n', lines).TrimEnd('\n');
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The engine's scripts in version order; versions must run 1, 2, 3… without gaps.</summary>
    public static IReadOnlyList<Migration> Load(string engineFolder)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"{assembly.GetName().Name}.{engineFolder}.Migrations.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // MSBuild may prefix a leading digit with '_' in resource names; the pattern tolerates both.
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                Read(assembly, resource)) { Folder = engineFolder });
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{engineFolder} migrations must be numbered 1..n without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }

        return migrations.Count == 0
            ? throw new InvalidOperationException($"No {engineFolder} migrations are embedded in {assembly.GetName().Name}.")
            : migrations;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration resource '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^_?(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileName();
}
