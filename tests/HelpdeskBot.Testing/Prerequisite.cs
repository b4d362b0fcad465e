namespace HelpdeskBot.Testing;

/// <summary>
/// Prerequisites of tests (PostgreSQL, Chromium, the Agents Playground). Outside CI a missing one lets the
/// test return early with a message; under CI=true it fails loudly, so a green CI run means it really ran.
/// </summary>
public static class Prerequisite
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns the environment variable's value; throws under CI when it is missing.</summary>
    /// <returns>The value, or null outside CI when it is missing (the caller returns early).</returns>
    public static string? Require(string variable, string why)
    {
        var value = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"Prerequisite missing under CI=true: {variable} ({why}). ./test.sh sets it up; run the tests through it.");
        }

        Console.Error.WriteLine($"[prerequisite] {variable} not set ({why}); test not run. Use ./test.sh.");
        return null;
    }

    /// <summary>True when <paramref name="present"/>; otherwise throws under CI, or says why outside it and returns false.</summary>
    public static bool Check(bool present, string what, string why)
    {
        if (present)
        {
            return true;
        }

        if (IsCi)
        {
            throw new InvalidOperationException($"Prerequisite missing under CI=true: {what} ({why}).");
        }

        Console.Error.WriteLine($"[prerequisite] {what} missing ({why}); test not run.");
        return false;
    }
}
