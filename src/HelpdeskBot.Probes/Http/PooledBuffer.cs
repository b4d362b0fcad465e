using System.Buffers;

namespace HelpdeskBot.Probes.Http;

/// <summary>The exchanges' receive buffers, rented from the shared pool for one attempt.</summary>
internal static class PooledBuffer
{
    /// <summary>Gives <paramref name="buffer"/> back to the pool once; later calls (and reads) see an empty buffer.</summary>
    public static void Return(ref byte[] buffer)
    {
        var rented = buffer;
        buffer = [];
        if (rented.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
