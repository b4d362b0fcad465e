using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Activities;

namespace HelpdeskBot.Protocol.Tests.Activities;

public sealed class PayloadRoundTripTests
{
    public static TheoryData<string> ActivityPayloads() => [.. Payloads.Activities()];

    [Fact]
    public void The_payload_folder_has_the_expected_activities()
    {
        Assert.True(Payloads.Activities().Count() >= 11, string.Join(", ", Payloads.Activities()));
    }

    [Theory]
    [MemberData(nameof(ActivityPayloads))]
    public void Every_activity_payload_round_trips_with_unknown_fields_intact(string file)
    {
        var json = Payloads.Read(file);
        var activity = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Activity);
        Assert.NotNull(activity);
        Assert.False(string.IsNullOrEmpty(activity.Type));

        var written = JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity);

        var expected = JsonNode.Parse(json)!;
        var actual = JsonNode.Parse(written)!;
        var difference = JsonTrees.FirstDifference(expected, actual, "$");
        Assert.True(difference is null, $"{file}: {difference}");
    }

    [Fact]
    public void Unknown_fields_at_every_level_survive()
    {
        const string json = """
            {"type":"message","futureField":{"a":[1,2]},"from":{"id":"29:u","newProp":true},
             "conversation":{"id":"a:1","extra":"x"},"entities":[{"type":"mention","mentioned":{"id":"28:b","z":1},"text":"<at>b</at>","k":2}],
             "attachments":[{"contentType":"text/html","content":"<p>x</p>","q":null}],
             "channelData":{"tenant":{"id":"t"},"deep":{"deeper":[{"x":1}]}},"value":{"v":[true,false,null]}}
            """;
        var activity = JsonSerializer.Deserialize(json, ProtocolJsonContext.Default.Activity)!;
        var written = JsonNode.Parse(JsonSerializer.Serialize(activity, ProtocolJsonContext.Default.Activity))!;
        Assert.Null(JsonTrees.FirstDifference(JsonNode.Parse(json)!, written, "$"));
        Assert.Equal("t", activity.TenantId);
    }
}

/// <summary>Structural JSON comparison; ISO timestamps are compared as instants (2019-…Z equals 2019-…+00:00).</summary>
internal static class JsonTrees
{
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                return actual is null ? null : $"{path}: expected null, got {actual.ToJsonString()}";
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    return $"{path}: expected object, got {actual?.ToJsonString()}";
                }

                foreach (var (key, value) in eo)
                {
                    if (!ao.TryGetPropertyValue(key, out var other))
                    {
                        return $"{path}.{key}: missing after round trip";
                    }

                    if (FirstDifference(value, other, $"{path}.{key}") is { } d)
                    {
                        return d;
                    }
                }

                foreach (var (key, _) in ao)
                {
                    if (!eo.ContainsKey(key))
                    {
                        return $"{path}.{key}: added by round trip";
                    }
                }

                return null;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                {
                    return $"{path}: array differs";
                }

                for (var i = 0; i < ea.Count; i++)
                {
                    if (FirstDifference(ea[i], aa[i], $"{path}[{i}]") is { } d)
                    {
                        return d;
                    }
                }

                return null;
            default:
                if (actual is not JsonValue av)
                {
                    return $"{path}: expected value, got {actual?.ToJsonString()}";
                }

                var e = expected.ToJsonString();
                var a = av.ToJsonString();
                if (e == a)
                {
                    return null;
                }

                if (expected.GetValueKind() == JsonValueKind.String && av.GetValueKind() == JsonValueKind.String
                    && DateTimeOffset.TryParse(expected.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var ed)
                    && DateTimeOffset.TryParse(av.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var ad)
                    && ed == ad && ed.Offset == ad.Offset)
                {
                    return null;
                }

                return $"{path}: expected {e}, got {a}";
        }
    }
}
