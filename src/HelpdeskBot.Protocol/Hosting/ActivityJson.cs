using System.Buffers;
using System.Text.Json;
using HelpdeskBot.Protocol.Activities;
using Microsoft.Net.Http.Headers;

namespace HelpdeskBot.Protocol.Hosting;

/// <summary>Reads the body of <c>/api/messages</c>: its media type, then exactly one JSON activity and nothing after it.</summary>
internal static class ActivityJson
{
    private const int MaxPathLength = 120;

    /// <summary>True for <c>application/json</c> or any <c>+json</c> type, with no charset or UTF-8 (RFC 8259 §8.1).</summary>
    public static bool IsJsonContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType.Value is not { } type)
        {
            return false;
        }

        var json = type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var charset = media.Charset.Value;
        return json && (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The activity, or null with <paramref name="problem"/> saying why: not JSON, nesting deeper than 64 (the
    /// reader's limit), a field of the wrong JSON type, not an object, or data after the value (once silently dropped).
    /// </summary>
    public static Activity? Parse(ReadOnlySequence<byte> body, out string? problem)
    {
        var reader = new Utf8JsonReader(body);
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(ref reader, ProtocolJsonContext.Default.Activity);
        }
        catch (JsonException e)
        {
            problem = Describe(e);
            return null;
        }

        if (activity is null)
        {
            problem = "The body is JSON null; an activity is a JSON object.";
            return null;
        }

        try
        {
            // Whitespace may follow the value; anything else makes the reader throw.
            reader.Read();
        }
        catch (JsonException)
        {
            problem = "There is data after the activity's JSON object; send exactly one JSON value.";
            return null;
        }

        problem = null;
        return activity;
    }

    private static string Describe(JsonException e)
    {
        var path = e.Path is { Length: > MaxPathLength } p ? p[..MaxPathLength] + "…" : e.Path;
        // The reader's own exceptions (a subclass) are syntax errors: their message names the position and at most
        // one character of the input. The serializer's are type mismatches: said here without .NET type names.
        if (e.GetType() != typeof(JsonException))
        {
            return $"The body is not well-formed JSON: {e.Message}";
        }

        return string.IsNullOrEmpty(path) || path == "$"
            ? "The body is not a JSON object with the activity's fields."
            : $"The value at {path} has the wrong JSON type for that activity field (see the Bot Framework activity schema).";
    }
}
