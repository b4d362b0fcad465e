using System.Globalization;
using System.Text;

namespace HelpdeskBot.Storage.Sqlite;

/// <summary>
/// Which file system a path is on, from the mount table (<c>/proc/self/mountinfo</c>, the longest mount point
/// above the path). SQLite's WAL keeps its index in shared memory (the <c>-shm</c> file, memory-mapped by every
/// connection), which network file systems cannot share: "WAL does not work over a network filesystem"
/// (https://www.sqlite.org/wal.html, "Disadvantages"). App Service's <c>/home</c> is such a share (CIFS).
/// </summary>
internal static class SqliteFileSystem
{
    // Kernel file system names of network and cluster file systems, and FUSE drivers of remote storage (mountinfo
    // names a FUSE mount "fuse.<driver>"; fuse-overlayfs, a container's local root, is not in the list).
    private static readonly HashSet<string> Network = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "ceph", "glusterfs", "lustre", "afs", "ncpfs", "coda", "gpfs", "beegfs",
        "fuse.sshfs", "fuse.blobfuse", "fuse.blobfuse2", "fuse.s3fs", "fuse.rclone", "fuse.gcsfuse", "fuse.glusterfs", "fuse.ceph-fuse",
    };

    /// <summary>The file system type of <paramref name="path"/> (e.g. <c>ext4</c>, <c>cifs</c>); null when unknown (no /proc).</summary>
    public static string? TypeOf(string path)
    {
        const string mountInfo = "/proc/self/mountinfo";
        return File.Exists(mountInfo) ? TypeOf(File.ReadAllText(mountInfo), Path.GetFullPath(path)) : null;
    }

    /// <summary>The type of the longest mount point of <paramref name="mountInfo"/> that contains <paramref name="fullPath"/>.</summary>
    public static string? TypeOf(string mountInfo, string fullPath)
    {
        string? best = null;
        var bestLength = -1;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw" (proc(5)): the mount point is
            // the fifth field, the type the first after " - ".
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            if (mountPoint.Length > bestLength && Contains(mountPoint, fullPath))
            {
                best = fields[separator + 1];
                bestLength = mountPoint.Length;
            }
        }

        return best;
    }

    public static bool IsNetwork(string? type) => type is not null && Network.Contains(type);

    private static bool Contains(string mountPoint, string path) =>
        mountPoint == "/" || path == mountPoint || path.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);

    // Spaces, tabs, newlines and backslashes in mount points are written as octal escapes (\040).
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && int.TryParse(field.AsSpan(i + 1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
