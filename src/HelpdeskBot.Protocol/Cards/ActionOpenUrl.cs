namespace HelpdeskBot.Protocol.Cards;

/// <summary>Opens a link (e.g. the ticket). Only http(s) links the bot built itself.</summary>
public sealed record ActionOpenUrl(string Url) : CardAction;
