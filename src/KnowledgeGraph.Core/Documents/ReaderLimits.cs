namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Bounds on what one <see cref="DocumentReader.Read"/> call may consume, so a hostile or broken input fails fast
/// with <see cref="DocumentErrorCode.TooLarge"/> / <see cref="DocumentErrorCode.LimitExceeded"/> instead of
/// exhausting memory or time.
/// </summary>
/// <param name="MaxBytes">Largest input accepted, checked before any parsing.</param>
/// <param name="MaxXmlDepth">Deepest XML element nesting accepted (JSON uses the same bound as its MaxDepth).</param>
/// <param name="MaxDocuments">Most papers one input may hold (a PubMed set or a CT.gov search page).</param>
/// <param name="Timeout">Wall-clock budget for one read; null means 30 seconds.</param>
/// <param name="MaxPdfPages">Most pages read from a PDF.</param>
/// <param name="MaxTitleChars">Longest title accepted (a longer one is not a title: the input is refused).</param>
/// <param name="MaxFieldChars">Longest author, journal or section label accepted.</param>
/// <param name="MinWords">Fewest words (of two letters or more) a paper must hold, title and text together: "hello" or
/// "a=b&amp;c=d" is not a paper.</param>
/// <param name="MaxPdfStreamBytes">Most bytes one PDF stream (page content, font, object stream) may decode to.</param>
/// <param name="MaxPdfDecodedBytes">Most bytes all of a PDF's non-image streams may decode to together.</param>
/// <param name="MaxPdfGlyphsPerPage">Most glyphs one PDF page may draw (a dense real page draws a few thousand).</param>
/// <param name="MaxRegistryListItems">Most items in any one list of a registry record (arms, references, outcome
/// measures, result groups, adverse event terms, the values of one measure...).</param>
/// <param name="MaxRegistryResultValues">Most values (measurements, denominators, adverse event counts) one
/// registry record's results may hold.</param>
public sealed record ReaderLimits(
    long MaxBytes = 20 * 1024 * 1024,
    int MaxXmlDepth = 64,
    int MaxDocuments = 10_000,
    TimeSpan? Timeout = null,
    int MaxPdfPages = 2_000,
    int MaxTitleChars = 2_000,
    int MaxFieldChars = 1_000,
    int MinWords = 5,
    long MaxPdfStreamBytes = 16 * 1024 * 1024,
    long MaxPdfDecodedBytes = 128 * 1024 * 1024,
    int MaxPdfGlyphsPerPage = 100_000,
    int MaxRegistryListItems = 5_000,
    int MaxRegistryResultValues = 100_000)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public TimeSpan EffectiveTimeout => Timeout ?? DefaultTimeout;
}
