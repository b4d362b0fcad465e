namespace HelpdeskBot.Conversations.Catalog;

/// <summary>Thrown when the service catalogue cannot be used; each problem names the file (and line or entry).</summary>
public sealed class ServiceCatalogValidationException(IReadOnlyList<string> problems, Exception? inner = null)
    : Exception("Service catalogue is invalid:\n" + string.Join('\n', problems), inner)
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
