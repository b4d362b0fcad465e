using System.Globalization;
using System.Text;
using HelpdeskBot.Tickets.Localization;

namespace HelpdeskBot.Dashboard;

/// <summary>Charts as inline SVG, drawn on the server: no script, no chart library, printable; their words in the help desk's language.</summary>
internal static class SvgCharts
{
    public const string Resolved = "#107C10";
    public const string Escalated = "#C50F1F";
    public const string Reports = "#0F6CBD";

    /// <summary>
    /// One horizontal bar per item, labelled with its key (or <paramref name="label"/>(key): the key's words) and count; a row
    /// links to <paramref name="link"/>(key) when given.
    /// </summary>
    public static string HorizontalBars(string title, IReadOnlyList<KeyCount> items, string colour, DeskTexts t, Func<string, string>? link = null, Func<string, string>? label = null)
    {
        const int width = 520, row = 26, pad = 8;
        var (labelWidth, labelChars) = label is null ? (190, 28) : (270, 42); // words ("site unreachable") are longer than hosts
        var height = Math.Max(1, items.Count) * row + pad;
        var max = Math.Max(1, items.Count == 0 ? 1 : items.Max(i => i.Count));
        var svg = Open(title, width, height);
        if (items.Count == 0)
        {
            svg.Append(Text(pad, row - 8, t.DashNothing, "empty"));
        }

        for (var i = 0; i < items.Count; i++)
        {
            var y = pad / 2 + i * row;
            var barWidth = (width - labelWidth - 60) * items[i].Count / (double)max;
            if (link is not null)
            {
                svg.Append("<a href=\"").Append(Enc(link(items[i].Key))).Append("\">");
            }

            var words = label is null ? items[i].Key : label(items[i].Key);
            svg.Append(Text(labelWidth - 6, y + 17, Truncate(words, labelChars), "label", anchor: "end"));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{F(Math.Max(barWidth, 1))}\" height=\"{row - 8}\" rx=\"3\" fill=\"{colour}\"><title>{Enc(words)}: {Enc(t.Number(items[i].Count))}</title></rect>");
            svg.Append(Text(labelWidth + barWidth + 6, y + 17, t.Number(items[i].Count), "value"));
            if (link is not null)
            {
                svg.Append("</a>");
            }
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Per day: reports as a bar, with the resolved and escalated of that day stacked beside it.</summary>
    public static string Days(string title, IReadOnlyList<DayFigures> days, DeskTexts t)
    {
        const int width = 520, height = 220, bottom = 28, top = 12, left = 30;
        var max = Math.Max(1, days.Count == 0 ? 1 : days.Max(d => Math.Max(d.Reports, d.Resolved + d.Escalated)));
        var slot = (width - left) / (double)Math.Max(1, days.Count);
        var scale = (height - bottom - top) / (double)max;
        var svg = Open(title, width, height);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{height - bottom}\" x2=\"{width}\" y2=\"{height - bottom}\" stroke=\"#8a8886\"/>");
        svg.Append(Text(left - 6, top + 10, t.Number(max), "axis", anchor: "end"));
        svg.Append(Text(left - 6, height - bottom, "0", "axis", anchor: "end"));
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var x = left + i * slot + slot * 0.15;
            var w = slot * 0.33;
            var baseY = height - bottom;
            Bar(svg, x, baseY, w, d.Reports * scale, Reports, $"{d.Date}: {t.Number(d.Reports)} {t.DashReported}");
            Bar(svg, x + w + 2, baseY, w, d.Resolved * scale, Resolved, $"{d.Date}: {t.Number(d.Resolved)} {t.DashResolved}");
            Bar(svg, x + w + 2, baseY - d.Resolved * scale, w, d.Escalated * scale, Escalated, $"{d.Date}: {t.Number(d.Escalated)} {t.DashEscalated}");
            svg.Append(Text(left + i * slot + slot / 2, height - 10, d.Date[5..], "axis", anchor: "middle"));
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>A ring showing a share (0..1) with the percentage in the middle.</summary>
    public static string Ring(string title, double? share, string colour, DeskTexts t)
    {
        const double r = 42, c = 2 * Math.PI * r;
        var svg = Open(title, 120, 120);
        svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"60\" cy=\"60\" r=\"{F(r)}\" fill=\"none\" stroke=\"#edebe9\" stroke-width=\"14\"/>");
        if (share is { } s)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"60\" cy=\"60\" r=\"{F(r)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"14\" stroke-dasharray=\"{F(c * s)} {F(c)}\" transform=\"rotate(-90 60 60)\"/>");
        }

        svg.Append(Text(60, 66, share is { } v ? t.Percent(v) : "–", "ring", anchor: "middle"));
        return svg.Append("</svg>").ToString();
    }

    private static void Bar(StringBuilder svg, double x, double baseY, double w, double h, string colour, string tip)
    {
        if (h <= 0)
        {
            return;
        }

        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(baseY - h)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{colour}\"><title>{Enc(tip)}</title></rect>");
    }

    private static StringBuilder Open(string title, int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{Enc(title)}\"><title>{Enc(title)}</title>");

    private static string Text(double x, double y, string text, string cssClass, string anchor = "start") =>
        string.Create(CultureInfo.InvariantCulture, $"<text x=\"{F(x)}\" y=\"{F(y)}\" class=\"{cssClass}\" text-anchor=\"{anchor}\">{Enc(text)}</text>");

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Enc(string s) => Pages.PageLayout.Encode(s);
}
