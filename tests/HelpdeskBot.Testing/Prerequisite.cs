using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace HelpdeskBot.Testing;

/// <summary>
/// Prerequisites of tests (PostgreSQL, Chromium, the Agents Playground, <c>unshare</c>). A missing one ends the test as
/// skipped on a developer's machine (an xUnit.net v3 dynamic skip: the runner and ./test.sh name it with the reason),
/// and as failed under CI=true, so a green CI run means every test really ran. It never lets a test pass without running.
/// </summary>
public static class Prerequisite
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the environment variable's value; without it the test is skipped (failed under CI=true).</summary>
    public static string Require(string variable, string why)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            Missing($"{variable} not set ({why}); ./test.sh sets it up, run the tests through it");
        }

        return value;
    }

    /// <summary>Returns when <paramref name="present"/>; otherwise the test is skipped (failed under CI=true).</summary>
    public static void Check([DoesNotReturnIf(false)] bool present, string what, string why)
    {
        if (!present)
        {
            Missing($"{what} missing ({why})");
        }
    }

    /// <summary>Ends the test: skipped with <paramref name="what"/> as the reason, or failed under CI=true.</summary>
    [DoesNotReturn]
    public static void Missing(string what)
    {
        if (IsCi)
        {
            throw new InvalidOperationException($"Prerequisite missing under CI=true: {what}.");
        }

        Assert.Skip($"Prerequisite missing: {what}.");
    }
}
