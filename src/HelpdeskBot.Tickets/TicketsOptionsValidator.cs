using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace HelpdeskBot.Tickets;

/// <summary>
/// Checks the nested sections and the chosen provider's required settings at start, naming each setting,
/// so a misconfigured bot fails at start-up instead of parking every escalation a day later.
/// </summary>
internal sealed class TicketsOptionsValidator : IValidateOptions<TicketsOptions>
{
    public ValidateOptionsResult Validate(string? name, TicketsOptions options)
    {
        var errors = new List<string>();
        foreach (var section in new object[] { options.Embedded, options.Webhook, options.Resilience, options.Outbox })
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

        switch (options.Provider)
        {
            case TicketProviderKind.ServiceNow:
                RequireUrl(errors, options.ServiceNow.BaseUrl, "Tickets:ServiceNow:BaseUrl");
                if (string.IsNullOrWhiteSpace(options.ServiceNow.BearerToken)
                    && (string.IsNullOrWhiteSpace(options.ServiceNow.Username) || string.IsNullOrWhiteSpace(options.ServiceNow.Password)))
                {
                    errors.Add("Tickets:ServiceNow needs Username and Password (basic authentication) or BearerToken (OAuth).");
                }

                Require(errors, options.ServiceNow.Table, "Tickets:ServiceNow:Table");
                break;
            case TicketProviderKind.Jira:
                RequireUrl(errors, options.Jira.BaseUrl, "Tickets:Jira:BaseUrl");
                Require(errors, options.Jira.Email, "Tickets:Jira:Email");
                Require(errors, options.Jira.ApiToken, "Tickets:Jira:ApiToken");
                Require(errors, options.Jira.ProjectKey, "Tickets:Jira:ProjectKey");
                Require(errors, options.Jira.IssueType, "Tickets:Jira:IssueType");
                break;
            case TicketProviderKind.Zendesk:
                RequireUrl(errors, options.Zendesk.BaseUrl, "Tickets:Zendesk:BaseUrl");
                Require(errors, options.Zendesk.Email, "Tickets:Zendesk:Email");
                Require(errors, options.Zendesk.ApiToken, "Tickets:Zendesk:ApiToken");
                break;
            case TicketProviderKind.Webhook:
                RequireUrl(errors, options.Webhook.Url, "Tickets:Webhook:Url");
                if (string.IsNullOrEmpty(options.Webhook.Secret) || options.Webhook.Secret.Length < 32)
                {
                    errors.Add("Tickets:Webhook:Secret is required and must be at least 32 characters.");
                }

                break;
            case TicketProviderKind.Embedded:
                break;
            default:
                errors.Add("Tickets:Provider must be one of Embedded, ServiceNow, Jira, Zendesk, Webhook.");
                break;
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Require(List<string> errors, string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{setting} is required for this Tickets:Provider.");
        }
    }

    /// <summary>
    /// Absolute, https outside loopback (ticket requests carry the provider's credentials and the users' reports;
    /// http stays for a receiver on the same machine), and no user:password in the URL, where it would be logged
    /// with every request.
    /// </summary>
    private static void RequireUrl(List<string> errors, Uri? value, string setting)
    {
        if (value is null || !value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttps && value.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{setting} is required for this Tickets:Provider and must be an absolute https URL.");
            return;
        }

        var fixes = new List<string>();
        if (value.Scheme == Uri.UriSchemeHttp && !value.IsLoopback)
        {
            fixes.Add($"use https (http is accepted only for a receiver on loopback): https://{value.Host}");
        }

        if (!string.IsNullOrEmpty(value.UserInfo))
        {
            fixes.Add("remove the user name and password from the URL (it would be logged with every request) and set the provider's own credential settings (docs/configuration.md)");
        }

        if (fixes.Count > 0)
        {
            errors.Add($"{setting}: {string.Join("; ", fixes)}.");
        }
    }
}
