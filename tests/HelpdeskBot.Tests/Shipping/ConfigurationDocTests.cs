using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using HelpdeskBot.Configuration;
using HelpdeskBot.Probes;
using HelpdeskBot.Protocol.Authentication;
using HelpdeskBot.Protocol.Hosting;
using HelpdeskBot.Tickets.Embedded;
using HelpdeskBot.Tickets.Jira;
using HelpdeskBot.Tickets.ServiceNow;
using HelpdeskBot.Tickets.Webhook;
using HelpdeskBot.Tickets.Zendesk;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// docs/configuration.md's table of every setting against the options classes: each documented key is a property
/// the binder reaches, its documented default is the code's, and each documented range is enforced when the real
/// executable starts (a value just outside it is named in the start-up report).
/// </summary>
public sealed partial class ConfigurationDocTests
{
    /// <summary>Keys no options class binds: read by the framework or straight from configuration.</summary>
    private static readonly string[] ReadOutsideOptions =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "APPLICATIONINSIGHTS_CONNECTION_STRING", "Logging:", "Admin:ApiKeys:N:",
    ];

    /// <summary>Sections bound by classes that carry no section constant (several classes share "Bot"; a provider's section is its name).</summary>
    private static readonly (string Section, Type Type)[] ExtraSections =
    [
        ("", typeof(BotCredentialsOptions)),
        ("Tickets:Embedded", typeof(EmbeddedOptions)),
        ("Tickets:ServiceNow", typeof(ServiceNowOptions)),
        ("Tickets:Jira", typeof(JiraOptions)),
        ("Tickets:Zendesk", typeof(ZendeskOptions)),
        ("Tickets:Webhook", typeof(WebhookOptions)),
    ];

    /// <summary>Settings whose property stays null when unset and the code that reads it puts its default in.</summary>
    private static readonly Dictionary<string, object> EffectiveDefaults = new(StringComparer.Ordinal)
    {
        ["Probes:Resolvers"] = ProbesOptions.DefaultResolvers,
        ["Tickets:Provider"] = EmbeddedTicketProvider.ProviderName, // the first provider registered
    };

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        PropertyNameCaseInsensitive = true,
    };

    [Fact]
    public void Every_documented_setting_is_an_options_property_with_the_documented_default()
    {
        var problems = new List<string>();
        var rows = Rows();
        Assert.True(rows.Count > 150, $"only {rows.Count} rows read from docs/configuration.md");
        foreach (var row in rows)
        {
            if (ReadOutsideOptions.Any(k => row.Key == k || (k.EndsWith(':') && row.Key.StartsWith(k, StringComparison.Ordinal))))
            {
                continue;
            }

            var found = Resolve(row.Key);
            if (found is null)
            {
                problems.Add($"{row.Key}: no options property binds it");
                continue;
            }

            if (!DocLiteral().IsMatch(row.Default))
            {
                continue; // a default described in words ("every shipped language", "none")
            }

            var documented = row.Default.Trim('`');
            var actual = EffectiveDefaults.TryGetValue(row.Key, out var effective) ? effective : found.Value.Default;
            if (!SameDefault(documented, actual, found.Value.Property.PropertyType))
            {
                problems.Add($"{row.Key}: the doc says {documented}, the code's default is {Show(actual)}");
            }
        }

        Assert.True(problems.Count == 0, "docs/configuration.md vs the options classes:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void The_sample_holds_each_setting_s_documented_default()
    {
        // README: "Every setting with its default is in appsettings.sample.json"; an admin copies it as it is.
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("appsettings.sample.json")))!;
        var problems = new List<string>();
        foreach (var row in Rows().Where(r => DocLiteral().IsMatch(r.Default)))
        {
            var value = row.Key.Split(':').Aggregate((JsonNode?)sample, (node, part) => node is JsonObject o && o.TryGetPropertyValue(part, out var child) ? child : null);
            var documented = JsonNode.Parse(row.Default.Trim('`'));
            var bothUnset = Unset(documented) && Unset(value);
            if (!bothUnset && !JsonNode.DeepEquals(documented, value))
            {
                problems.Add($"{row.Key}: the doc's default is {row.Default}, the sample has {value?.ToJsonString() ?? "nothing"}");
            }
        }

        Assert.True(problems.Count == 0, "appsettings.sample.json vs docs/configuration.md:\n" + string.Join('\n', problems));

        static bool Unset(JsonNode? node) => node is null || node.ToJsonString() is "\"\"" or "[]";
    }

    [Fact]
    public async Task A_value_just_above_each_documented_range_stops_the_start_naming_the_setting()
    {
        var outside = Ranges().Select(r => (r.Key, Value: r.Above)).ToList();
        await AssertEachNamedAsync(outside);
    }

    [Fact]
    public async Task A_value_just_below_each_documented_range_stops_the_start_naming_the_setting()
    {
        var outside = Ranges().Select(r => (r.Key, Value: r.Below)).ToList();
        await AssertEachNamedAsync(outside);
    }

    [Fact]
    public void The_range_reader_understands_the_doc_s_ways_of_writing_a_range()
    {
        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)), ParseRange("(0.1 s – 1 min)", typeof(TimeSpan)));
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)), ParseRange("closed as abandoned. 1 minute – 7 days.", typeof(TimeSpan)));
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(10)), ParseRange("0 – 10 min.", typeof(TimeSpan)));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)), ParseRange("as a replay; 30 s to 1 h.", typeof(TimeSpan)));
        Assert.Equal((1.0, 100_000.0), ParseRange("more wait. 1 – 100,000.", typeof(int)));
        Assert.Equal((256.0, 1048576.0), ParseRange("never read. 256 B – 1 MiB.", typeof(int)));
        Assert.Equal((1.0, 90.0), ParseRange("Days the dashboard covers (1–90).", typeof(int)));
        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2)), ParseRange("(Teams' own turn budget is 10–15 s, so …). 1 s – 2 min.", typeof(TimeSpan)));
        Assert.Null(ParseRange("Larger activities get a 413 problem.", typeof(int)));
    }

    private static async Task AssertEachNamedAsync(List<(string Key, string Value)> outside)
    {
        Assert.True(outside.Count > 60, $"only {outside.Count} documented ranges read");
        // The Webhook provider's section is read only when it is the chosen one.
        var run = await StartupReportTests.RunBotAsync(
        [
            "--Tickets:Provider=Webhook", "--Tickets:Webhook:Url=https://hooks.contoso.com/helpdesk",
            "--Tickets:Webhook:Secret=0123456789abcdef0123456789abcdef", .. outside.Select(o => $"--{o.Key}={o.Value}"),
        ]);

        Assert.Equal(1, run.Exit);
        Assert.Contains($"HelpdeskBot cannot start: {outside.Count} settings to fix", run.Err, StringComparison.Ordinal);
        var missed = outside.Where(o => !run.Err.Contains($"- {o.Key} ", StringComparison.Ordinal))
            .Select(o => $"{o.Key}={o.Value}").ToList();
        Assert.True(missed.Count == 0, "accepted at start-up although outside the documented range:\n" + string.Join('\n', missed) + "\n--- report:\n" + run.Err);
    }

    /// <summary>Every row with a documented range on a number or time span: a value just above and one just below it.</summary>
    private static List<(string Key, string Above, string Below)> Ranges()
    {
        var ranges = new List<(string, string, string)>();
        foreach (var row in Rows())
        {
            if (Resolve(row.Key) is not { } found)
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(found.Property.PropertyType) ?? found.Property.PropertyType;
            if (ParseRange(row.Notes, type) is not var (min, max))
            {
                continue;
            }

            if (type == typeof(TimeSpan))
            {
                var (low, high) = ((TimeSpan)min, (TimeSpan)max);
                ranges.Add((row.Key, (high + (high == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : high)).ToString("c", CultureInfo.InvariantCulture),
                    (low == TimeSpan.Zero ? TimeSpan.FromSeconds(-1) : low / 2).ToString("c", CultureInfo.InvariantCulture)));
            }
            else
            {
                var (low, high) = ((double)min, (double)max);
                var whole = type != typeof(double);
                ranges.Add((row.Key, (whole ? high + 1 : high * 2).ToString(CultureInfo.InvariantCulture),
                    (whole ? low - 1 : low / 2).ToString(CultureInfo.InvariantCulture)));
            }
        }

        return ranges;
    }

    /// <summary>The last range in a row's notes ("1 – 20", "(1–90)", "0.1 s – 1 min", "30 s to 1 h"); null = none.</summary>
    private static (object Min, object Max)? ParseRange(string notes, Type type)
    {
        if (type != typeof(TimeSpan) && type != typeof(int) && type != typeof(long) && type != typeof(double))
        {
            return null;
        }

        // The last one: an earlier one can be an explanation ("Teams' own turn budget is 10–15 s").
        if (RangeText().Matches(notes) is not { Count: > 0 } matches)
        {
            return null;
        }

        var match = matches[^1];

        var (a, b) = (Number(match.Groups["a"].Value), Number(match.Groups["b"].Value));
        var (ua, ub) = (match.Groups["ua"].Value, match.Groups["ub"].Value);
        if (ua.Length == 0)
        {
            ua = ub;
        }

        if (type == typeof(TimeSpan))
        {
            return ub.Length == 0 ? null : (Time(a, ua), Time(b, ub));
        }

        return (a * Bytes(ua), b * Bytes(ub));

        static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

        static double Bytes(string unit) => unit switch { "KiB" => 1024, "MiB" => 1024 * 1024, _ => 1 };

        static TimeSpan Time(double n, string unit) => unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "min" or "minute" or "minutes" => TimeSpan.FromMinutes(n),
            "h" or "hour" or "hours" => TimeSpan.FromHours(n),
            "day" or "days" => TimeSpan.FromDays(n),
            _ => throw new InvalidOperationException($"unknown unit '{unit}'"),
        };
    }

    /// <summary>The rows of "## Every setting": key, default cell and notes.</summary>
    private static List<(string Key, string Default, string Notes)> Rows()
    {
        var doc = File.ReadAllText(RepositoryRoot.Combine("docs/configuration.md"));
        var start = doc.IndexOf("\n## Every setting\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/configuration.md has no '## Every setting'");
        var end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return doc[start..end].Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => CellSplit().Split(l.Trim().Trim('|')).Select(c => c.Trim()).ToArray())
            .Select(c => (c[0].Trim('`'), c[1], c[2]))
            .ToList();
    }

    /// <summary>The property a key binds to (longest section first) and its value in a new options object.</summary>
    private static (PropertyInfo Property, object? Default)? Resolve(string key)
    {
        foreach (var (section, type) in Sections().OrderByDescending(s => s.Section.Length))
        {
            if (section.Length > 0 && !key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var path = (section.Length == 0 ? key : key[(section.Length + 1)..]).Split(':');
            if (Walk(Activator.CreateInstance(type, nonPublic: true)!, path) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static (PropertyInfo Property, object? Default)? Walk(object target, string[] path)
    {
        var property = target.GetType().GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.SetMethod is null && !typeof(IEnumerable).IsAssignableFrom(property.PropertyType))
        {
            return null;
        }

        var value = property.GetValue(target);
        if (path.Length == 1)
        {
            return (property, value);
        }

        // A nested section (Tickets:Outbox), or N of a list of objects.
        var type = property.PropertyType;
        if (path[1] == "N" && type.IsGenericType)
        {
            return Walk(Activator.CreateInstance(type.GetGenericArguments()[0], nonPublic: true)!, path[2..]);
        }

        return Walk(value ?? Activator.CreateInstance(Nullable.GetUnderlyingType(type) ?? type, nonPublic: true)!, path[1..]);
    }

    private static IEnumerable<(string Section, Type Type)> Sections() =>
        new[] { typeof(HelpdeskBot.Hosting.HostingExtensions).Assembly }
            .Concat(typeof(HelpdeskBot.Hosting.HostingExtensions).Assembly.GetReferencedAssemblies()
                .Where(a => a.Name!.StartsWith("HelpdeskBot.", StringComparison.Ordinal)).Select(Assembly.Load))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (Section: StartupValidationReport.SectionOf(t)!, Type: t))
            .Where(s => s.Section is not null)
            .Concat(ExtraSections);

    /// <summary>"" stands for unset (null or empty), [] for an empty or unset list; other literals are JSON of the property's type.</summary>
    private static bool SameDefault(string documented, object? actual, Type type)
    {
        if (documented is "\"\"" or "[]" or "null")
        {
            return actual is null || actual is string { Length: 0 } || (documented != "null" && actual is IEnumerable e and not string && !e.Cast<object>().Any());
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(documented, type, Json);
            return Show(parsed) == Show(actual);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Show(object? value) => JsonSerializer.Serialize(value, Json);

    [GeneratedRegex(@"^`(""[^""]*""|\[.*\]|null|true|false|-?[0-9.]+)`$")]
    private static partial Regex DocLiteral();

    [GeneratedRegex(@"(?<![\w.])(?<a>\d[\d,]*(?:\.\d+)?)\s?(?<ua>ms|s|min|minutes?|h|hours?|days?|B|KiB|MiB)?\s?(?:–|to)\s?(?<b>\d[\d,]*(?:\.\d+)?)(?:\s?(?<ub>ms|s|min|minutes?|h|hours?|days?|B|KiB|MiB)\b)?")]
    private static partial Regex RangeText();

    [GeneratedRegex(@"(?<!\\)\|")]
    private static partial Regex CellSplit();
}
