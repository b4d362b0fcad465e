using Microsoft.Extensions.Options;

namespace HelpdeskBot.Configuration;

/// <summary>
/// The options factory of every section, turning a value the binder cannot convert ("abc" for a number, an unknown
/// enum name) into a validation failure naming the setting. The framework's binder throws a plain
/// InvalidOperationException there, which would end the start-up validation at the first such value instead of
/// listing it with the others.
/// </summary>
internal sealed class ReportingOptionsFactory<TOptions>(
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations) : IOptionsFactory<TOptions>
    where TOptions : class
{
    private readonly OptionsFactory<TOptions> _inner = new(setups, postConfigures, validations);

    public TOptions Create(string name)
    {
        try
        {
            return _inner.Create(name);
        }
        catch (InvalidOperationException ex) when (StartupValidationReport.DescribeBindingError(ex) is { } failure)
        {
            throw new OptionsValidationException(name, typeof(TOptions), [failure]);
        }
    }
}
