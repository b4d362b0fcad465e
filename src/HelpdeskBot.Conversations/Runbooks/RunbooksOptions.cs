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
}
