using System.Text.Json;
using System.Text.Json.Nodes;
using HelpdeskBot.Protocol.Cards;
using HelpdeskBot.Testing.Cards;

namespace HelpdeskBot.Conversations.Tests.Cards;

public sealed class CardModelTests
{
    private static AdaptiveCard EveryElementCard() => new()
    {
        MsTeams = TeamsCardProperties.FullWidth,
        FallbackText = "Checking wiki.contoso.com",
        Refresh = new CardRefresh(ActionExecute.WithSubmitFallback("case.refresh", "Refresh", new Dictionary<string, string> { ["caseId"] = "c1" }), ["29:user"]),
        Body =
        [
            new TextBlock("502 from nginx in front of wiki.contoso.com") { Size = TextSize.Large, Weight = TextWeight.Bolder, Style = "heading" },
            new TextBlock("It's not you.") { Color = TextColor.Good, IsSubtle = true, Spacing = Spacing.Small, Separator = true },
            new RichTextBlock([new TextRun("wiki.contoso.com") { FontType = "monospace", Weight = TextWeight.Bolder }, new TextRun(" answered 502")]),
            new ColumnSet([Column.Auto(new TextBlock("5/5")), Column.Stretch(new TextBlock("attempts failed"))]),
            new ActionSet([new ActionToggleVisibility(["evidence"]) { Title = "Show evidence" }]),
            new Container([new FactSet([new Fact("Status", "502"), new Fact("Answered by", "nginx (gateway)")])])
            {
                Id = "evidence",
                IsVisible = false,
                Style = ContainerStyle.Emphasis,
            },
            new Image("https://example.invalid/icon.png") { AltText = "icon", Size = ImageSize.Small },
            new InputText("target") { Label = "Which site?", Placeholder = "e.g. wiki.contoso.com", IsRequired = true, ErrorMessage = "Type a site" },
            new InputChoiceSet("platform", [new Choice("Windows", "windows"), new Choice("macOS", "macos")]) { Label = "Your system", Style = ChoiceInputStyle.Compact, Value = "windows" },
        ],
        Actions =
        [
            ActionExecute.WithSubmitFallback("step.answer", "That fixed it", new Dictionary<string, string> { ["caseId"] = "c1", ["v"] = "3", ["answer"] = "fixed" }, ActionStyle.Positive),
            new ActionOpenUrl("https://example.invalid/ticket/HD-1042") { Title = "Open ticket" },
            new ActionSubmit { Title = "Submit", Data = new Dictionary<string, string> { ["verb"] = "x" } },
        ],
    };

    [Fact]
    public void Card_using_every_element_is_valid_adaptive_card_1_5()
    {
        AdaptiveCardSchema.AssertValid(EveryElementCard());
    }

    [Fact]
    public void Schema_check_rejects_an_element_property_the_schema_does_not_know()
    {
        var node = JsonNode.Parse(CardsJsonContext.ToJson(new AdaptiveCard { Body = [new TextBlock("hi")] }))!.AsObject();
        node["body"]![0]!["widthPx"] = 300;

        Assert.NotEmpty(AdaptiveCardSchema.Errors(node.ToJsonString()));
    }

    [Fact]
    public void Serializes_type_discriminators_version_and_omits_nulls()
    {
        var json = JsonNode.Parse(CardsJsonContext.ToJson(new AdaptiveCard { Body = [new TextBlock("hello")] }))!.AsObject();

        Assert.Equal("AdaptiveCard", (string?)json["type"]);
        Assert.Equal("1.5", (string?)json["version"]);
        Assert.False(json.ContainsKey("actions"));
        Assert.False(json.ContainsKey("msteams"));
        var text = json["body"]![0]!.AsObject();
        Assert.Equal("TextBlock", (string?)text["type"]);
        Assert.True((bool?)text["wrap"]);
        Assert.Equal(["text", "type", "wrap"], text.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Enums_are_written_as_schema_strings()
    {
        var json = CardsJsonContext.ToJson(new AdaptiveCard
        {
            Body = [new TextBlock("x") { Size = TextSize.ExtraLarge, Color = TextColor.Attention, Spacing = Spacing.None }],
            MsTeams = TeamsCardProperties.FullWidth,
        });

        Assert.Contains("\"size\":\"extraLarge\"", json, StringComparison.Ordinal);
        Assert.Contains("\"color\":\"attention\"", json, StringComparison.Ordinal);
        Assert.Contains("\"spacing\":\"none\"", json, StringComparison.Ordinal);
        Assert.Contains("\"msteams\":{\"width\":\"Full\"}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Execute_action_falls_back_to_submit_with_the_same_data_and_the_verb()
    {
        var action = ActionExecute.WithSubmitFallback("step.answer", "Still broken", new Dictionary<string, string> { ["caseId"] = "c1", ["v"] = "4" });
        var json = JsonNode.Parse(CardsJsonContext.ToJson(new AdaptiveCard { Actions = [action] }))!["actions"]![0]!.AsObject();

        Assert.Equal("Action.Execute", (string?)json["type"]);
        Assert.Equal("step.answer", (string?)json["verb"]);
        Assert.Equal("c1", (string?)json["data"]!["caseId"]);
        var fallback = json["fallback"]!.AsObject();
        Assert.Equal("Action.Submit", (string?)fallback["type"]);
        Assert.Equal("step.answer", (string?)fallback["data"]!["verb"]);
        Assert.Equal("c1", (string?)fallback["data"]!["caseId"]);
        Assert.Equal("4", (string?)fallback["data"]!["v"]);
        Assert.Equal("Still broken", (string?)fallback["title"]);
    }

    [Fact]
    public void Card_round_trips_through_json()
    {
        var card = EveryElementCard();
        var back = JsonSerializer.Deserialize(CardsJsonContext.ToJson(card), CardsJsonContext.Default.AdaptiveCard)!;

        Assert.Equal(CardsJsonContext.ToJson(card), CardsJsonContext.ToJson(back));
        Assert.IsType<Container>(back.Body[5]);
        Assert.False(back.Body[5].IsVisible);
    }

    [Fact]
    public void Columns_only_have_responsive_widths()
    {
        var json = CardsJsonContext.ToJson(new AdaptiveCard { Body = [new ColumnSet([Column.Auto(new TextBlock("a")), Column.Stretch(new TextBlock("b"))])] });

        Assert.Contains("\"width\":\"auto\"", json, StringComparison.Ordinal);
        Assert.Contains("\"width\":\"stretch\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("px", json, StringComparison.Ordinal);
    }
}
