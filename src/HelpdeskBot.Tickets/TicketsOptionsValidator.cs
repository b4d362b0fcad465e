using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets;

/// <summary>
/// Checks the nested sections shared by every provider and that <c>Tickets:Provider</c> names a registered provider,
/// so a misconfigured bot fails at start-up instead of parking every escalation a day later. The chosen provider's
/// own settings are checked by its validator, registered from its folder.
/// </summary>
internal sealed class TicketsOptionsValidator(TicketProviders providers) : IValidateOptions<TicketsOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketsOptions options)
    {
        var errors = new List<string>();
        foreach (var section in new object[] { options.Resilience, options.Outbox })
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
            {
                errors.AddRange(results.Select(r => r.ErrorMessage ?? "invalid Tickets setting"));
            }
        }

        if (options.Outbox.MaxRetryDelay < options.Outbox.RetryDelay)
        {
            errors.Add("Tickets:Outbox:MaxRetryDelay must not be shorter than Tickets:Outbox:RetryDelay.");
        }

        if (Localization.DeskTexts.Find(options.Language) is null)
        {
            errors.Add($"Tickets:Language '{options.Language}' is not a shipped language; use one of {string.Join(", ", Localization.DeskTexts.Shipped)}.");
        }

        if (!string.IsNullOrWhiteSpace(options.Provider) && providers.Find(options.Provider) is null)
        {
            errors.Add($"Tickets:Provider '{options.Provider}' is not a ticket provider; use one of {string.Join(", ", providers.Names)}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
