namespace HelpdeskBot.Probes.Hops;

/// <summary>
/// The Via header field (RFC 9110 §7.6.3): <c>#( received-protocol RWS received-by [ RWS comment ] )</c>, one member
/// per intermediary, in the order they forwarded the message (for a response: nearest the origin first).
/// </summary>
internal static class ViaField
{
    /// <param name="Protocol">received-protocol, e.g. "1.1", "HTTP/2", "2".</param>
    /// <param name="ReceivedBy">The host (and port) or pseudonym of the intermediary.</param>
    /// <param name="Comment">Often the product ("(squid/6.6)", "(CloudFront)"), without the parentheses; null when absent.</param>
    public sealed record Hop(string Protocol, string ReceivedBy, string? Comment, string Text);

    public static IReadOnlyList<Hop> Parse(string? field)
    {
        var hops = new List<Hop>();
        if (string.IsNullOrWhiteSpace(field))
        {
            return hops;
        }

        foreach (var member in SplitOutsideComments(field))
        {
            var text = member.Trim();
            var open = text.IndexOf('(', StringComparison.Ordinal);
            var comment = open < 0 ? null : text[(open + 1)..].TrimEnd().TrimEnd(')').Trim();
            var head = (open < 0 ? text : text[..open]).Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (head.Length < 2)
            {
                continue; // a member without received-by says nothing about the hop
            }

            hops.Add(new Hop(head[0], head[1], string.IsNullOrEmpty(comment) ? null : comment, text));
            if (hops.Count == 16)
            {
                break;
            }
        }

        return hops;
    }

    /// <summary>Splits on commas that are not inside a comment (a comment may contain commas).</summary>
    private static IEnumerable<string> SplitOutsideComments(string field)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < field.Length; i++)
        {
            switch (field[i])
            {
                case '(':
                    depth++;
                    break;
                case ')' when depth > 0:
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return field[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return field[start..];
    }
}
