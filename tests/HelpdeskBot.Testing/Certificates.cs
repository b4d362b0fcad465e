using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HelpdeskBot.Testing;

/// <summary>Server certificates made at test time with <see cref="CertificateRequest"/>.</summary>
public static class Certificates
{
    public static X509Certificate2 SelfSigned(string dnsName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var cert = request.CreateSelfSigned(notBefore, notAfter);
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>
    /// A leaf issued by an intermediate CA that the server does not send, whose Authority Information Access
    /// extension names <paramref name="caIssuersUrl"/> (and an OCSP responder there) as the place to fetch it from.
    /// </summary>
    public static X509Certificate2 IssuedByMissingIntermediate(string dnsName, string caIssuersUrl, DateTimeOffset now)
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));

        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var intermediateRequest = new CertificateRequest("CN=Test Intermediate", intermediateKey, HashAlgorithmName.SHA256);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(300), [1, 2, 3, 4]);
        using var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={dnsName}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([caIssuersUrl], [caIssuersUrl], false));
        using var leafPublic = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(90), [5, 6, 7, 8]);
        using var leaf = leafPublic.CopyWithPrivateKey(leafKey);
        return X509CertificateLoader.LoadPkcs12(leaf.Export(X509ContentType.Pkcs12), null);
    }
}
