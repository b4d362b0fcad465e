using HelpdeskBot.Conversations.Catalog;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>
/// Reads the runbooks and the service catalogue while the settings are validated, so a broken file is listed in the
/// start-up report with the settings to fix (file, line, problem and the fix) instead of aborting the process later,
/// when the first component that needs them is created.
/// </summary>
internal sealed class RunbookFilesValidator : IValidateOptions<ConversationsOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversationsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.RunbookDirectory) || string.IsNullOrWhiteSpace(options.ServiceCatalogPath))
        {
            return ValidateOptionsResult.Skip; // the data annotations report the empty setting
        }

        var failures = new List<string>();
        var runbooks = ConversationsOptions.Resolve(options.RunbookDirectory);
        try
        {
            RunbookLoader.LoadDirectory(runbooks);
        }
        catch (RunbookValidationException ex)
        {
            failures.AddRange(ex.Errors.Select(e => e.Line > 0 || File.Exists(e.File)
                ? $"Runbook {e.File}:{e.Line}: {e.Problem.TrimEnd('.')}. Fix the file (docs/runbooks.md describes the format)."
                : $"Runbooks: {e.File}: {e.Problem.TrimEnd('.')}. Put the runbook files there or set Conversations:RunbookDirectory to their folder (a mounted ConfigMap or App Service path works too)."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures.Add($"Runbooks: {runbooks} cannot be read ({ex.Message}). Give the bot read access or set Conversations:RunbookDirectory.");
        }

        var catalogue = ConversationsOptions.Resolve(options.ServiceCatalogPath);
        try
        {
            ServiceCatalogLoader.Load(catalogue);
        }
        catch (ServiceCatalogValidationException ex)
        {
            failures.AddRange(ex.Problems.Select(p => $"Service catalogue {p.TrimEnd('.')}. Fix the file (each entry needs a name and a host; an alias belongs to one service; the comments in catalog/services.yaml show the format)."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            failures.Add($"Service catalogue: {catalogue} cannot be read ({ex.Message}). Give the bot read access or set Conversations:ServiceCatalogPath.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
