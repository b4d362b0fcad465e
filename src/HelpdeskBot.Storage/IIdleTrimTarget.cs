namespace HelpdeskBot.Storage;

/// <summary>
/// Memory a project keeps only to be faster and can give back once the process is idle. The executable's idle
/// memory trim calls every registered one before it compacts the heap; each project registers its own, so the
/// executable needs to know none of them.
/// </summary>
public interface IIdleTrimTarget
{
    /// <summary>Lets go of what is idle; what is in use is left alone (called rarely, never on a hot path).</summary>
    void ReleaseIdle();
}
