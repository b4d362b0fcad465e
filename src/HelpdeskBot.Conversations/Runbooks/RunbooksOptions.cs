using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Conversations.Runbooks;

/// <summary>Settings of section <c>Runbooks</c>.</summary>
public sealed class RunbooksOptions
{
    public const string SectionName = "Runbooks";

    /// <summary>
    /// The folder of runbook YAML files; a relative path is resolved against the app's base directory. Default
    /// <c>runbooks</c>: the copies shipped next to the binaries (and in the container image). Point it at a mounted
    /// folder (a Kubernetes ConfigMap, an App Service storage mount) to edit runbooks without rebuilding.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "runbooks";

    /// <summary>
    /// The languages every runbook must have complete texts in (<c>&lt;runbook&gt;.&lt;language&gt;.yaml</c> beside it);
    /// a missing text is a start-up error naming the file, line and language. Default (null): every shipped language,
    /// as the shipped runbooks have them. A shipped language left out may be partial: its missing texts show in
    /// English, and the start-up log names them once. English is the runbook itself and always complete.
    /// </summary>
    public IList<string>? Languages { get; set; }

    /// <summary>The shipped runbooks' complete languages (the others are being translated and fall back to English).</summary>
    internal static IReadOnlyList<string> DefaultLanguages { get; } = [Localization.Languages.English, "de"];

    /// <summary>The languages checked for completeness, as shipped tags ("pt-br" → "pt-BR"); English always.</summary>
    internal IReadOnlyList<string> RequiredLanguages =>
        Languages is null
            ? DefaultLanguages
            : [.. Localization.Languages.Shipped.Where(l => l == Localization.Languages.English || Languages.Any(x => string.Equals(x?.Trim(), l, StringComparison.OrdinalIgnoreCase)))];
}
