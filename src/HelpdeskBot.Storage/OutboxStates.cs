using HelpdeskBot.Tickets.Outbox;

namespace HelpdeskBot.Storage;

/// <summary>The text each <see cref="OutboxState"/> is stored as (stable, independent of enum order).</summary>
internal static class OutboxStates
{
    public const string Pending = "pending";
    public const string InProgress = "in_progress";
    public const string Sent = "sent";
    public const string Parked = "parked";

    public static string ToDb(OutboxState state) => state switch
    {
        OutboxState.Pending => Pending,
        OutboxState.InProgress => InProgress,
        OutboxState.Sent => Sent,
        OutboxState.Parked => Parked,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown outbox state."),
    };

    public static OutboxState FromDb(string value) => value switch
    {
        Pending => OutboxState.Pending,
        InProgress => OutboxState.InProgress,
        Sent => OutboxState.Sent,
        Parked => OutboxState.Parked,
        _ => throw new InvalidOperationException($"Unknown outbox state '{value}' in the database."),
    };
}
