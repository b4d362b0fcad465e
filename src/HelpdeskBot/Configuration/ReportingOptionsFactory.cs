using Microsoft.Extensions.Options;

namespace HelpdeskBot.Configuration;

/// <summary>
/// The options factory of every section, turning a value the binder cannot convert ("abc" for a number, an unknown
/// enum name) into a validation failure naming the setting. The framework's binder throws a plain
/// InvalidOperationException there, which would end the start-up validation at the first such value instead of
/// listing it with the others — also the others of the same section: after a value that does not convert, the
/// section is bound again without it (and without every further one that does not convert) and validated, so the
/// report names every problem of the section at once. Without a configuration (a container built without a host)
/// only the first such value is reported.
/// </summary>
internal sealed class ReportingOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations,
    IConfiguration? configuration = null) : IOptionsFactory<TOptions>
    where TOptions : class
{
    // Each round leaves out one more value that does not convert; a section has far fewer settings than this.
    private const int MaxRounds = 64;

    private readonly OptionsFactory<TOptions> _inner = new(setups, postConfigures, validations);

    public TOptions Create(string name)
    {
        try
        {
            return _inner.Create(name);
        }
        catch (InvalidOperationException ex) when (StartupValidationReport.DescribeBindingError(ex) is { } failure)
        {
            throw new OptionsValidationException(name, typeof(TOptions), [failure, .. FailuresWithout(name, ex)]);
        }
    }

    /// <summary>
    /// The section's other problems: its setups run again, the one that binds the section reading it without the
    /// values that do not convert; each further such value found is a failure and is left out of the next round.
    /// </summary>
    private List<string> FailuresWithout(string name, InvalidOperationException first)
    {
        var failures = new List<string>();
        var section = StartupValidationReport.SectionOf(typeof(TOptions));
        if (section is null || configuration is null || StartupValidationReport.BindingErrorPath(first) is not { } firstPath
            || !Within(firstPath, section))
        {
            return failures;
        }

        var unconvertible = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { firstPath };
        for (var round = 0; round < MaxRounds; round++)
        {
            var options = Activator.CreateInstance<TOptions>();
            try
            {
                foreach (var setup in setups)
                {
                    Configure(setup, name, options, configuration.GetSection(section), unconvertible);
                }

                foreach (var post in postConfigures)
                {
                    post.PostConfigure(name, options);
                }
            }
            catch (InvalidOperationException ex) when (StartupValidationReport.DescribeBindingError(ex) is { } failure
                && StartupValidationReport.BindingErrorPath(ex) is { } path && unconvertible.Add(path))
            {
                failures.Add(failure);
                continue;
            }

            foreach (var validation in validations)
            {
                if (validation.Validate(name, options) is { Failed: true, Failures: { } found })
                {
                    failures.AddRange(found);
                }
            }

            break;
        }

        return failures;
    }

    private static void Configure(IConfigureOptions<TOptions> setup, string name, TOptions options, IConfigurationSection section, HashSet<string> unconvertible)
    {
        try
        {
            if (setup is IConfigureNamedOptions<TOptions> named)
            {
                named.Configure(name, options);
            }
            else if (name == Options.DefaultName)
            {
                setup.Configure(options);
            }
        }
        catch (InvalidOperationException ex) when (StartupValidationReport.BindingErrorPath(ex) is { } path && unconvertible.Contains(path))
        {
            // The setup that binds the section: bind it again from the values that convert (a value it cannot
            // convert throws again, with its path, and is left out of the next round).
            var values = section.AsEnumerable()
                .Where(kv => kv.Value is not null && !unconvertible.Any(bad => Within(kv.Key, bad)))
                .ToDictionary(kv => kv.Key, kv => kv.Value);
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section.Path).Bind(options);
        }
    }

    private static bool Within(string key, string path) =>
        key.Equals(path, StringComparison.OrdinalIgnoreCase) || key.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase);
}
