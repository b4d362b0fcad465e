using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Conversations.Catalog;

/// <summary>Settings of section <c>Catalog</c>.</summary>
public sealed class CatalogOptions
{
    public const string SectionName = "Catalog";

    /// <summary>
    /// The service catalogue YAML file; a relative path is resolved against the app's base directory and a missing
    /// file means an empty catalogue. Default <c>catalog/services.yaml</c>: the copy shipped next to the binaries
    /// (and in the container image). Point it at a mounted file to edit the catalogue without rebuilding.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "catalog/services.yaml";
}
