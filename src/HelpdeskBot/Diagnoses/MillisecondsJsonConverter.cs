using System.Text.Json;
using System.Text.Json.Serialization;

namespace HelpdeskBot.Diagnoses;

/// <summary>
/// A duration as a number of milliseconds (0.1 ms resolution) for <c>probe --json</c>, which scripts compare and sum;
/// a zero duration is a phase that did not happen (no DNS for an IP address, no TLS over http) and is written null.
/// </summary>
internal sealed class MillisecondsJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        if (value == TimeSpan.Zero)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 1));
    }
}
