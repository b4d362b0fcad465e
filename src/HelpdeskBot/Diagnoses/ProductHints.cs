using HelpdeskBot.Probes.Diagnosis;
using HelpdeskBot.Probes.Fingerprints;

namespace HelpdeskBot.Diagnoses;

/// <summary>
/// The product hint an operator gives the API or the `probe` command, as the chat path passes the product a pasted
/// error page names (<see cref="DiagnosisRequest.Hint"/>): only a product the fingerprint catalogue lists, since nothing
/// else would say what kind of hop it is.
/// </summary>
internal static class ProductHints
{
    /// <returns>The hint in the catalogue's spelling, or null with <paramref name="problem"/> saying why.</returns>
    public static ProductHint? Find(FingerprintCatalogue catalogue, string product, out string problem)
    {
        if (catalogue.Product(product) is { } known)
        {
            problem = string.Empty;
            return new ProductHint(known);
        }

        var shown = product.Length > 60 ? product[..60] + "…" : product;
        problem = $"'{shown}' is not a product the fingerprint catalogue lists; one of: {string.Join(", ", catalogue.Products)}.";
        return null;
    }
}
