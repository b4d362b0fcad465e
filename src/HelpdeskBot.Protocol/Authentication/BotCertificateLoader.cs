using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HelpdeskBot.Protocol.Authentication;

/// <summary>
/// Finds the bot's certificate: a PEM/PFX file, the certificate text itself (base64 PFX or PEM, as Key Vault
/// delivers it), or the "My" store by thumbprint or subject name (SN+I). Problems are
/// <see cref="BotCertificateException"/>s whose message names the setting and the fix, never a secret.
/// </summary>
internal static class BotCertificateLoader
{
    /// <returns>The certificate, or null when none is configured.</returns>
    public static X509Certificate2? Load(BotCredentialsOptions c, DateTimeOffset now)
    {
        var certificate = FromFile(c) ?? FromText(c) ?? FromStore(c, now);
        if (certificate is null)
        {
            return null;
        }

        if (!certificate.HasPrivateKey)
        {
            throw new BotCertificateException($"The bot's certificate ({certificate.Subject}) has no private key: give the PFX with its key, or the PEM with its PRIVATE KEY block.");
        }

        var subject = Normalize(c.MicrosoftAppCertificateSubjectName);
        if (subject is not null && !SubjectMatches(certificate, subject))
        {
            throw new BotCertificateException($"MicrosoftAppCertificateSubjectName is '{subject}' but the configured certificate's subject is '{certificate.Subject}': fix one of them.");
        }

        return certificate;
    }

    private static X509Certificate2? FromFile(BotCredentialsOptions c)
    {
        var path = c.MicrosoftAppCertificatePath;
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new BotCertificateException($"MicrosoftAppCertificatePath: {path} does not exist. Mount the certificate there or fix the path.");
        }

        try
        {
            return path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                ? X509Certificate2.CreateFromPemFile(path)
                : X509CertificateLoader.LoadPkcs12FromFile(path, c.MicrosoftAppCertificatePassword);
        }
        catch (CryptographicException ex)
        {
            throw new BotCertificateException($"MicrosoftAppCertificatePath: {path} could not be read as a certificate with its private key ({ex.Message.TrimEnd('.')}). A PFX needs MicrosoftAppCertificatePassword when it has one; a .pem file needs the CERTIFICATE and PRIVATE KEY blocks.");
        }
    }

    private static X509Certificate2? FromText(BotCredentialsOptions c)
    {
        var text = c.MicrosoftAppCertificate?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return text.StartsWith("-----BEGIN", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(text)
                : X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(text), c.MicrosoftAppCertificatePassword);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            throw new BotCertificateException("MicrosoftAppCertificate is neither base64 PKCS#12 (PFX, as a Key Vault certificate's secret holds it) nor PEM text with a PRIVATE KEY block.");
        }
    }

    private static X509Certificate2? FromStore(BotCredentialsOptions c, DateTimeOffset now)
    {
        var thumbprint = c.MicrosoftAppCertificateThumbprint?.Trim();
        var subject = Normalize(c.MicrosoftAppCertificateSubjectName);
        if (string.IsNullOrEmpty(thumbprint) && subject is null)
        {
            return null;
        }

        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly);
            }
            catch (CryptographicException)
            {
                continue; // no such store on this machine (LocalMachine on Linux)
            }

            var found = !string.IsNullOrEmpty(thumbprint)
                ? store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false).FirstOrDefault()
                // SN+I: the newest certificate with this subject that is valid now, so a renewed one takes over by itself.
                : store.Certificates.Where(x => SubjectMatches(x, subject!) && x.HasPrivateKey && x.NotBefore <= now.UtcDateTime && now.UtcDateTime < x.NotAfter)
                    .MaxBy(x => x.NotAfter);
            if (found is not null)
            {
                return found;
            }
        }

        throw new BotCertificateException(!string.IsNullOrEmpty(thumbprint)
            ? "The certificate named by MicrosoftAppCertificateThumbprint is not in the CurrentUser or LocalMachine 'My' store (Linux containers have none): use MicrosoftAppCertificatePath or MicrosoftAppCertificate (Key Vault) instead."
            : $"No valid certificate with subject '{subject}' (MicrosoftAppCertificateSubjectName) and a private key is in the CurrentUser or LocalMachine 'My' store: add one, or give it with MicrosoftAppCertificatePath or MicrosoftAppCertificate (Key Vault).");
    }

    private static string? Normalize(string? subject)
    {
        var s = subject?.Trim();
        if (string.IsNullOrEmpty(s))
        {
            return null;
        }

        return s.StartsWith("CN=", StringComparison.OrdinalIgnoreCase) ? s[3..].Trim() : s;
    }

    private static bool SubjectMatches(X509Certificate2 certificate, string subject) =>
        string.Equals(certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false), subject, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The configured certificate cannot be used; the message names the setting and the fix.</summary>
internal sealed class BotCertificateException(string message) : Exception(message);
