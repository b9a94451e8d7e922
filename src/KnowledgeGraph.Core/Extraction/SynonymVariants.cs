namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Spelling variants of a folded synonym, so the vocabulary lists each term once: British/American spellings,
/// singular of a plural last word (the matcher itself accepts a plural "s" after any match), and the
/// run-together form of short compounds ("beta cells" -> "betacells").
/// </summary>
internal static class SynonymVariants
{
    private static readonly (string American, string British)[] Spellings =
    [
        ("glycem", "glycaem"), ("hemo", "haemo"), ("hema", "haema"), ("ization", "isation"), ("izing", "ising"),
        ("ized", "ised"), ("ize", "ise"), ("edema", "oedema"), ("tumor", "tumour"), ("center", "centre"),
    ];

    // Words whose final "s" is not a plural.
    private static readonly HashSet<string> NotPlural = new(StringComparer.Ordinal)
    {
        "diabetes", "mellitus", "langerhans", "status", "sepsis", "protrans", "analysis", "stasis", "homeostasis",
        "apoptosis", "fibrosis", "thrombosis", "its", "this", "is", "was", "has", "as", "us", "versus", "tolerogenesis",
    };

    public static IEnumerable<string> Expand(string folded, bool allowSingular)
    {
        var spellings = new HashSet<string>(StringComparer.Ordinal) { folded };
        foreach (var (us, uk) in Spellings)
        {
            foreach (var s in spellings.ToArray())
            {
                if (s.Contains(us, StringComparison.Ordinal)) spellings.Add(s.Replace(us, uk, StringComparison.Ordinal));
                if (s.Contains(uk, StringComparison.Ordinal)) spellings.Add(s.Replace(uk, us, StringComparison.Ordinal));
            }
        }
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in spellings)
        {
            all.Add(s);
            if (allowSingular && Singular(s) is { } singular) all.Add(singular);
            if (Plural(s) is { } plural) all.Add(plural);
        }
        foreach (var s in all.ToArray())
        {
            // Each single space dropped ("betacell function") and, for short compounds, all of them ("betacells").
            var spaces = s.Count(c => c == ' ');
            if (spaces is 0 or > 3) continue;
            for (var at = s.IndexOf(' ', StringComparison.Ordinal); at >= 0; at = s.IndexOf(' ', at + 1))
                all.Add(s.Remove(at, 1));
            all.Add(s.Replace(" ", "", StringComparison.Ordinal));
        }
        return all;
    }

    private static string? Singular(string s)
    {
        var lastWord = s[(s.LastIndexOf(' ') + 1)..];
        if (lastWord.Length < 3 || NotPlural.Contains(lastWord)) return null;
        if (lastWord.EndsWith("ies", StringComparison.Ordinal) && lastWord.Length > 4) return s[..^3] + "y";
        if (lastWord.EndsWith('s') && !lastWord.EndsWith("ss", StringComparison.Ordinal) && !lastWord.EndsWith("us", StringComparison.Ordinal))
            return s[..^1];
        return null;
    }

    // Only "-y" plurals need listing: the matcher already accepts a trailing "s".
    private static string? Plural(string s) =>
        s.Length > 3 && s.EndsWith('y') && !"aeiou".Contains(s[^2], StringComparison.Ordinal) ? s[..^1] + "ies" : null;
}
