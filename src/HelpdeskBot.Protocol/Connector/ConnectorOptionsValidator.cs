using Microsoft.Extensions.Options;

namespace HelpdeskBot.Protocol.Connector;

/// <summary>
/// The token authority must be an https URL without credentials: MSAL refuses any other authority when the token
/// provider is built (an exception that used to abort the process), and the client secret or assertion is posted to it.
/// </summary>
internal sealed class ConnectorOptionsValidator : IValidateOptions<ConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, ConnectorOptions options)
    {
        var host = options.AuthorityHost;
        if (string.IsNullOrWhiteSpace(host))
        {
            return ValidateOptionsResult.Skip; // [Required] reports it
        }

        if (!Uri.TryCreate(host, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return ValidateOptionsResult.Fail($"{ConnectorOptions.Section}:AuthorityHost must be an https URL such as https://login.microsoftonline.com (the default).");
        }

        var failures = new List<string>();
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{ConnectorOptions.Section}:AuthorityHost must use https (Entra and MSAL accept no other authority): change http://{uri.Host} to https://{uri.Host}, or remove the setting for https://login.microsoftonline.com.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query))
        {
            failures.Add($"{ConnectorOptions.Section}:AuthorityHost must be the bare authority host (no user name, password or query), such as https://login.microsoftonline.com.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
