namespace HelpdeskBot.Conversations.Understanding;

/// <summary>What a message asks for.</summary>
public enum Intent
{
    /// <summary>Nothing the bot acts on (may still carry a target, e.g. the answer to "which site?").</summary>
    None,
    /// <summary>An error report ("I'm getting a 502 on wiki.contoso.com").</summary>
    Report,
    Help,
    StartOver,
    Cancel,
    Status,
    /// <summary>Greetings and thanks: answered politely, no case.</summary>
    SmallTalk,
    /// <summary>A question about what a status code means ("what does 502 mean?"): answered briefly, then "which site?"; no case.</summary>
    Explain,
    /// <summary>"language" and its equivalents: the language picker.</summary>
    Language,
}
