using HelpdeskBot.Conversations.Catalog;
using HelpdeskBot.Conversations.Localization;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>
/// Reads the runbooks (<c>Runbooks:Path</c>) and the service catalogue (<c>Catalog:Path</c>) while the settings are
/// validated, so a broken file is listed in the start-up report with the settings to fix (file, line, problem and
/// the fix) instead of aborting the process later, when the first component that needs them is created.
/// </summary>
internal sealed class RunbookFilesValidator : IValidateOptions<RunbooksOptions>, IValidateOptions<CatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, RunbooksOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Skip; // the data annotations report the empty setting
        }

        var unknown = (options.Languages ?? []).Where(l => !Languages.Shipped.Contains(l?.Trim() ?? string.Empty, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            return ValidateOptionsResult.Fail($"Runbooks:Languages: {string.Join(", ", unknown.Select(l => $"'{l}'"))} is not a language the bot speaks. Use the shipped ones ({string.Join(", ", Languages.Shipped)}).");
        }

        var folder = ConversationsOptions.Resolve(options.Path);
        try
        {
            RunbookLoader.LoadDirectory(folder, options.RequiredLanguages, []);
            return ValidateOptionsResult.Success;
        }
        catch (RunbookValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Errors.Select(e => e.Line > 0 || File.Exists(e.File)
                ? $"Runbook {e.File}:{e.Line}: {e.Problem.TrimEnd('.')}. Fix the file (docs/runbooks.md describes the format)."
                : $"Runbooks: {e.File}: {e.Problem.TrimEnd('.')}. Put the runbook files there or set Runbooks:Path to their folder (a mounted ConfigMap or App Service path works too)."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Runbooks: {folder} cannot be read ({ex.Message}). Give the bot read access or set Runbooks:Path.");
        }
    }

    public ValidateOptionsResult Validate(string? name, CatalogOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Skip;
        }

        var file = ConversationsOptions.Resolve(options.Path);
        try
        {
            ServiceCatalogLoader.Load(file);
            return ValidateOptionsResult.Success;
        }
        catch (ServiceCatalogValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Problems.Select(p => $"Service catalogue {p.TrimEnd('.')}. Fix the file (each entry needs a name and a host; an alias belongs to one service; the comments in catalog/services.yaml show the format)."));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"Service catalogue: {file} cannot be read ({ex.Message}). Give the bot read access or set Catalog:Path.");
        }
    }
}
