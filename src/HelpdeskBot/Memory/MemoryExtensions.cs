namespace HelpdeskBot.Memory;

internal static class MemoryExtensions
{
    /// <summary>The idle memory trim (<see cref="IdleMemoryTrim"/>) and its settings (section <c>Memory</c>).</summary>
    public static WebApplicationBuilder AddHelpdeskBotMemory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MemoryOptions>().BindConfiguration(MemoryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IdleMemoryTrim>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IdleMemoryTrim>());
        return builder;
    }
}
