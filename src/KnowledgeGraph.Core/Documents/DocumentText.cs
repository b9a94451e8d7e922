using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Documents;

/// <summary>Text clean-up shared by all readers: whitespace, HTML remnants, DOI/PMID/year recognition.</summary>
internal static partial class DocumentText
{
    /// <summary>Line endings to \n, trailing whitespace per line removed, outer blank lines trimmed, control characters dropped.</summary>
    public static string NormaliseLines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        text = RemoveControls(text);
        // Most text (every synthetic and most real abstracts) has no carriage return and no line ending in white space:
        // then splitting and joining again would only copy it, and trimming its ends is all the work there is.
        if (!NeedsLineWork(text)) return text.Trim('\n', ' ', '\t');
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        var sb = new StringBuilder(text.Length);
        foreach (var line in lines)
        {
            sb.Append(line.TrimEnd()).Append('\n');
        }

        return sb.ToString().Trim('\n', ' ', '\t');
    }

    /// <summary>Whether <see cref="NormaliseLines"/> has more to do than trim the ends: a carriage return, or a line (the last
    /// included) ending in white space other than its line feed.</summary>
    private static bool NeedsLineWork(string text)
    {
        if (text.Contains('\r')) return true;
        for (var i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1))
            if (i > 0 && text[i - 1] != '\n' && char.IsWhiteSpace(text[i - 1])) return true;
        return char.IsWhiteSpace(text[^1]) && text[^1] != '\n';
    }

    /// <summary>All runs of whitespace (including line breaks inside XML text) become one space; control characters are dropped.</summary>
    public static string CollapseWhitespace(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Whitespace().Replace(RemoveControls(text), " ").Trim();

    /// <summary>
    /// Replaces control characters (C0 but tab, line feed and carriage return; DEL; C1) wherever they stand in the text
    /// with a space (a form feed may be all that separates two words): they are never part of a paper's words and must
    /// not reach evidence, exports or terminals.
    /// </summary>
    public static string RemoveControls(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOfAny(Controls);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        sb.Append(span[..first]);
        foreach (var c in span[first..])
        {
            sb.Append(Controls.Contains(c) ? ' ' : c);
        }

        return sb.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F" +
        "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008A\u008B\u008C\u008D\u008E\u008F\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009A\u009B\u009C\u009D\u009E\u009F");

    /// <summary>Removes HTML tags and decodes entities (the Semantic Scholar abstract carries <c>&lt;p&gt;</c>).</summary>
    public static string StripHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var withBreaks = BlockTag().Replace(html, "\n");
        return NormaliseLines(WebUtility.HtmlDecode(AnyTag().Replace(withBreaks, "")));
    }

    /// <summary>
    /// DOI in canonical form: no <c>https://doi.org/</c> or <c>doi:</c> prefix, lower-case (DOIs are
    /// case-insensitive), no trailing punctuation picked up from prose. Null when not a DOI.
    /// </summary>
    public static string? NormaliseDoi(string? doi)
    {
        if (string.IsNullOrWhiteSpace(doi))
        {
            return null;
        }

        var m = DoiPattern().Match(RemoveControls(doi).Trim());
        return m.Success ? m.Value.TrimEnd('.', ',', ';', ')', ']').ToLowerInvariant() : null;
    }

    /// <summary>First DOI written anywhere in free text.</summary>
    public static string? FindDoi(string text) => NormaliseDoi(DoiPattern().Match(text) is { Success: true } m ? m.Value : null);

    /// <summary>First <c>PMID: n</c> in free text.</summary>
    public static string? FindPmid(string text) => PmidPattern().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Digits only, or null (PMIDs are plain integers).</summary>
    public static string? NormalisePmid(string? pmid)
    {
        var t = pmid?.Trim();
        return !string.IsNullOrEmpty(t) && t.All(char.IsAsciiDigit) ? t.TrimStart('0') is { Length: > 0 } p ? p : null : null;
    }

    /// <summary>The first plausible four-digit year (1800-2199) in a date string such as "2025-05-01" or "1998 Dec-1999 Jan".</summary>
    public static int? FindYear(string? date) =>
        date is not null && YearPattern().Match(date) is { Success: true } m ? int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Closes the gaps that removed citation markers leave behind: "needed [1]." became "needed ." and
    /// "process [2], [3], and" became "process , , and"; they turn back into "needed." and "process, and".
    /// </summary>
    public static string TidyAfterRemovals(string text)
    {
        var t = SpaceBeforePunctuation().Replace(text, "$1");
        t = RepeatedSeparators().Replace(t, "$1");
        t = EmptyBrackets().Replace(t, "");
        return SpaceBeforePunctuation().Replace(t, "$1").Trim();
    }

    [GeneratedRegex(@"\s+([.,;:)\]])")]
    private static partial Regex SpaceBeforePunctuation();

    [GeneratedRegex(@"([,;])(?:\s*[,;])+")]
    private static partial Regex RepeatedSeparators();

    [GeneratedRegex(@"\s*(?:\(\s*[,;]?\s*\)|\[\s*[,;]?\s*\])")]
    private static partial Regex EmptyBrackets();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"</?(p|br|div|li|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();

    [GeneratedRegex(@"10\.\d{4,9}/[^\s""<>]+")]
    private static partial Regex DoiPattern();

    [GeneratedRegex(@"\bPMID:?\s*(\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex PmidPattern();

    [GeneratedRegex(@"\b(18|19|20|21)\d{2}\b")]
    private static partial Regex YearPattern();
}
