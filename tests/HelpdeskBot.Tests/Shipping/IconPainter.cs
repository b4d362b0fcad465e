using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace HelpdeskBot.Tests.Shipping;

/// <summary>
/// Draws the Teams app icons (manifest/color.png, manifest/outline.png): a speech bubble with a probe's pulse
/// line. Shapes are signed-distance functions in unit coordinates, anti-aliased by 4×4 supersampling, so no
/// drawing library is needed. Regenerate the committed files with HB_WRITE_ICONS=1 (see ManifestTests).
/// </summary>
internal static class IconPainter
{
    public static readonly Rgba32 Accent = new(0x0F, 0x6C, 0xBD, 0xFF); // manifest accentColor #0F6CBD
    private static readonly Rgba32 White = new(0xFF, 0xFF, 0xFF, 0xFF);
    private const int Samples = 4;

    private static readonly (double X, double Y)[] Pulse =
        [(0.27, 0.44), (0.39, 0.44), (0.45, 0.31), (0.53, 0.57), (0.59, 0.44), (0.73, 0.44)];

    /// <summary>192×192, full colour: white bubble on the accent colour, pulse in the accent colour.</summary>
    public static Image<Rgba32> Color()
    {
        const int size = 192;
        var image = new Image<Rgba32>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var bubble = Coverage(x, y, size, (u, v) => InBubble(u, v));
                var pulse = Coverage(x, y, size, (u, v) => DistanceToPulse(u, v) < 0.028);
                var fg = Mix(Accent, White, bubble);
                image[x, y] = Mix(fg, Accent, pulse);
            }
        }

        return image;
    }

    /// <summary>32×32: white outline of the bubble and the pulse on a transparent background (Teams' rule for outline icons).</summary>
    public static Image<Rgba32> Outline()
    {
        const int size = 32;
        const double stroke = 1.9 / size;
        var image = new Image<Rgba32>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var cover = Coverage(x, y, size, (u, v) =>
                    Math.Abs(BubbleDistance(u, v)) < stroke / 2 || InTail(u, v) || DistanceToPulse(u, v) < stroke / 2);
                var alpha = (byte)Math.Round(cover * 255);
                image[x, y] = alpha == 0 ? new Rgba32(0, 0, 0, 0) : new Rgba32(0xFF, 0xFF, 0xFF, alpha);
            }
        }

        return image;
    }

    private static double Coverage(int x, int y, int size, Func<double, double, bool> inside)
    {
        var hits = 0;
        for (var sy = 0; sy < Samples; sy++)
        {
            for (var sx = 0; sx < Samples; sx++)
            {
                var u = (x + (sx + 0.5) / Samples) / size;
                var v = (y + (sy + 0.5) / Samples) / size;
                if (inside(u, v))
                {
                    hits++;
                }
            }
        }

        return hits / (double)(Samples * Samples);
    }

    private static bool InBubble(double u, double v) => BubbleDistance(u, v) <= 0 || InTail(u, v);

    // Rounded rectangle (0.16,0.2)–(0.84,0.68), radius 0.12.
    private static double BubbleDistance(double u, double v)
    {
        const double cx = 0.5, cy = 0.44, hx = 0.34, hy = 0.24, r = 0.12;
        var qx = Math.Abs(u - cx) - hx + r;
        var qy = Math.Abs(v - cy) - hy + r;
        var outside = Math.Sqrt(Math.Pow(Math.Max(qx, 0), 2) + Math.Pow(Math.Max(qy, 0), 2));
        return outside + Math.Min(Math.Max(qx, qy), 0) - r;
    }

    private static bool InTail(double u, double v) => InTriangle(u, v, (0.28, 0.64), (0.46, 0.64), (0.25, 0.84));

    private static bool InTriangle(double u, double v, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        static double Side(double px, double py, (double X, double Y) p, (double X, double Y) q) =>
            ((px - q.X) * (p.Y - q.Y)) - ((p.X - q.X) * (py - q.Y));
        var d1 = Side(u, v, a, b);
        var d2 = Side(u, v, b, c);
        var d3 = Side(u, v, c, a);
        var negative = d1 < 0 || d2 < 0 || d3 < 0;
        var positive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(negative && positive);
    }

    private static double DistanceToPulse(double u, double v)
    {
        var best = double.MaxValue;
        for (var i = 0; i + 1 < Pulse.Length; i++)
        {
            var (ax, ay) = Pulse[i];
            var (bx, by) = Pulse[i + 1];
            var t = Math.Clamp((((u - ax) * (bx - ax)) + ((v - ay) * (by - ay))) / (((bx - ax) * (bx - ax)) + ((by - ay) * (by - ay))), 0, 1);
            var dx = u - (ax + (t * (bx - ax)));
            var dy = v - (ay + (t * (by - ay)));
            best = Math.Min(best, Math.Sqrt((dx * dx) + (dy * dy)));
        }

        return best;
    }

    private static Rgba32 Mix(Rgba32 a, Rgba32 b, double t) => new(
        (byte)Math.Round(a.R + ((b.R - a.R) * t)),
        (byte)Math.Round(a.G + ((b.G - a.G) * t)),
        (byte)Math.Round(a.B + ((b.B - a.B) * t)),
        (byte)Math.Round(a.A + ((b.A - a.A) * t)));
}
