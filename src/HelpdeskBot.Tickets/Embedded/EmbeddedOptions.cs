using System.ComponentModel.DataAnnotations;

namespace HelpdeskBot.Tickets.Embedded;

/// <summary>Settings of section <c>Tickets:Embedded</c>.</summary>
public sealed class EmbeddedOptions
{
    /// <summary>Ticket numbers are <c>{Prefix}-{n}</c>; "HD" (help desk) as in the example HD-1042.</summary>
    [RegularExpression("^[A-Z][A-Z0-9]{0,9}$", ErrorMessage = "Tickets:Embedded:Prefix must be 1-10 upper-case letters or digits, starting with a letter (e.g. HD).")]
    public string Prefix { get; set; } = "HD";
}
