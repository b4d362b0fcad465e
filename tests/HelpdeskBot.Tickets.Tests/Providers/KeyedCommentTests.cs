using HelpdeskBot.Testing;
using HelpdeskBot.Tickets.Localization;
using HelpdeskBot.Tickets.Rendering;
using HelpdeskBot.Tickets.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace HelpdeskBot.Tickets.Tests.Providers;

/// <summary>
/// A comment with a key is added once however often it is sent, across a restart of the provider (a stop between the
/// ticket system's answer and the stored mark); one without a key is added each time.
/// </summary>
public sealed class KeyedCommentTests
{
    public static readonly TheoryData<string> KeyingProviders = new() { "Zendesk", "Jira", "Webhook" };

    private static TicketComment Comment(string text, string? key) =>
        new("Grace Hopper", new TicketDocument([new DocParagraph(new DocText(text))]), null, key);

    [Theory]
    [MemberData(nameof(KeyingProviders))]
    public async Task A_keyed_comment_sent_again_after_a_restart_is_added_once_and_an_unkeyed_one_each_time(string name)
    {
        await using var system = await FakeSystems.StartAsync(name);
        var request = TestEscalations.Create("esc-keyed-" + name);
        TicketRef ticket;
        await using (var first = ProviderServices.Build(system, TimeProvider.System))
        {
            var provider = first.GetRequiredService<ITicketProvider>();
            ticket = await provider.CreateAsync(new TicketDraft(request, TicketTitle.Build(request, 1, DeskTexts.English), TicketDocumentBuilder.Build(request, DeskTexts.English)), CancellationToken.None);
            await provider.AddCommentAsync(ticket, Comment("Also affected: Grace", "esc-joiner:joined"), CancellationToken.None);
            await provider.AddCommentAsync(ticket, Comment("Unkeyed", null), CancellationToken.None);
        }

        await using (var second = ProviderServices.Build(system, TimeProvider.System))
        {
            var provider = second.GetRequiredService<ITicketProvider>();
            await provider.AddCommentAsync(ticket, Comment("Also affected: Grace", "esc-joiner:joined"), CancellationToken.None);
            await provider.AddCommentAsync(ticket, Comment("Another", "esc-other:joined"), CancellationToken.None);
            await provider.AddCommentAsync(ticket, Comment("Unkeyed", null), CancellationToken.None);
        }

        var comments = system.Tickets[ticket.Number].Comments;
        Assert.Single(comments, c => c.Contains("Also affected: Grace", StringComparison.Ordinal));
        Assert.Single(comments, c => c.Contains("Another", StringComparison.Ordinal));
        Assert.Equal(2, comments.Count(c => c.Contains("Unkeyed", StringComparison.Ordinal)));
        Assert.Empty(system.Violations);
    }
}
