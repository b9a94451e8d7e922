namespace KnowledgeGraph.Core.Documents;

/// <summary>Maps a heading or an abstract label (PubMed <c>Label</c>/<c>NlmCategory</c>, JATS <c>&lt;title&gt;</c>, Markdown <c>##</c>) to a <see cref="SectionKind"/>.</summary>
internal static class SectionKinds
{
    // Order matters: "Results and Discussion" is results first; "Materials and Methods" is methods.
    private static readonly (string Word, SectionKind Kind)[] Words =
    [
        ("abstract", SectionKind.Abstract),
        ("summary", SectionKind.Abstract),
        ("method", SectionKind.Methods),
        ("material", SectionKind.Methods),
        ("design", SectionKind.Methods),
        ("patients", SectionKind.Methods),
        ("participants", SectionKind.Methods),
        ("setting", SectionKind.Methods),
        ("procedure", SectionKind.Methods),
        ("result", SectionKind.Results),
        ("finding", SectionKind.Results),
        ("conclusion", SectionKind.Conclusions),
        ("interpretation", SectionKind.Conclusions),
        ("discussion", SectionKind.Discussion),
        ("introduction", SectionKind.Background),
        ("background", SectionKind.Background),
        ("objective", SectionKind.Background),
        ("aim", SectionKind.Background),
        ("purpose", SectionKind.Background),
        ("context", SectionKind.Background),
        ("rationale", SectionKind.Background),
    ];

    /// <summary>The kind a heading names, or null when the heading names none of them.</summary>
    public static SectionKind? FromHeading(string? heading)
    {
        if (string.IsNullOrWhiteSpace(heading))
        {
            return null;
        }

        var h = heading.Trim().ToLowerInvariant();
        foreach (var (word, kind) in Words)
        {
            if (h.Contains(word, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    private static readonly HashSet<string> HeadingWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "&", "of", "the", "abstract", "summary", "introduction", "background", "objective", "objectives", "aim", "aims",
        "purpose", "material", "materials", "method", "methods", "study", "design", "research", "experimental", "procedures",
        "patients", "participants", "result", "results", "findings", "discussion", "conclusion", "conclusions", "interpretation",
    };

    /// <summary>
    /// True when a free-standing line is a section heading and nothing else ("Materials and Methods", "RESULTS:"):
    /// every word is a heading word. Used where no markup marks headings (plain text, PDF), so a line such as
    /// "Results were good" stays text.
    /// </summary>
    public static bool IsBareHeading(string line)
    {
        var words = line.Trim().TrimEnd(':').Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= 5 && words.All(HeadingWords.Contains) && FromHeading(line) is not null;
    }
}
