using System.Buffers;

namespace HelpdeskBot.Conversations.Understanding;

/// <summary>One word of a message: a run of letters and digits (an apostrophe inside it included: "can't", "502's").</summary>
/// <param name="Start">Index of its first character in the text.</param>
/// <param name="End">Index just past its last character.</param>
/// <param name="Lower">The word in lower case.</param>
internal readonly record struct Word(int Start, int End, string Lower)
{
    public bool IsNumber => Lower.Length > 0 && char.IsAsciiDigit(Lower[0]) && Lower.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>The words of a plain text, found in one pass; everything that reads a message's words reads this list.</summary>
internal sealed class Words
{
    private Words(string text, List<Word> list)
    {
        Text = text;
        List = list;
    }

    public string Text { get; }

    public IReadOnlyList<Word> List { get; }

    public int Count => List.Count;

    public Word this[int index] => List[index];

    public static Words Of(string text)
    {
        var list = new List<Word>();
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            // Japanese writes without spaces ("wiki.contoso.comで502エラー"): a change between Japanese script and
            // Latin letters or digits ends a word too, so "502" stands on its own.
            var start = i;
            var cjk = IsCjk(text[i]);
            while (i < text.Length && (IsWordChar(text[i]) || (text[i] == '\'' && i + 1 < text.Length && IsWordChar(text[i + 1]) && i > start)) && IsCjk(text[i]) == cjk)
            {
                i++;
            }

            list.Add(new Word(start, i, text[start..i].ToLowerInvariant()));
        }

        return new Words(text, list);
    }

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Kana and CJK ideographs (Unicode blocks Hiragana, Katakana, CJK Unified Ideographs and Extension A, half-width Katakana).</summary>
    public static bool IsCjk(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uFF66' and <= '\uFF9F');

    /// <summary>The text holds a character <see cref="IsCjk"/> accepts (the same ranges, searched vectorized).</summary>
    public static bool ContainsCjk(ReadOnlySpan<char> text) => text.ContainsAny(CjkChars);

    private static readonly SearchValues<char> CjkChars = SearchValues.Create(Cjk().ToArray());

    private static IEnumerable<char> Cjk()
    {
        for (var c = '\u3040'; c <= '\uFF9F'; c++)
        {
            if (IsCjk(c))
            {
                yield return c;
            }
        }
    }

    /// <summary>The characters between word <paramref name="index"/> and the one before it (the text's start for the first).</summary>
    public ReadOnlySpan<char> Before(int index) =>
        Text.AsSpan(index == 0 ? 0 : List[index - 1].End, List[index].Start - (index == 0 ? 0 : List[index - 1].End));

    /// <summary>The characters between word <paramref name="index"/> and the next one (the text's end for the last).</summary>
    public ReadOnlySpan<char> After(int index) =>
        Text.AsSpan(List[index].End, (index + 1 < List.Count ? List[index + 1].Start : Text.Length) - List[index].End);

    /// <summary>Word <paramref name="index"/> in lower case, or "" outside the list.</summary>
    public string At(int index) => index >= 0 && index < List.Count ? List[index].Lower : string.Empty;

    public bool Any(HashSet<string> set)
    {
        foreach (var w in List)
        {
            if (set.Contains(w.Lower))
            {
                return true;
            }
        }

        return false;
    }
}
