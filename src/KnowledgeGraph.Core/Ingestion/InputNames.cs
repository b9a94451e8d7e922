using System.Text;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// Ledger keys, one scheme per door so inputs of different doors never collide: <c>file:/abs/path</c> for files
/// (<c>kg ingest</c> and watched folders share them), <c>upload:NAME</c> for named HTTP uploads,
/// <c>upload:sha256:HEX</c> for unnamed ones (keyed by content, so two different unnamed uploads never replace each
/// other), <c>container/blob</c> for blobs, and <c>pubmed:PMID</c> / <c>ctgov:NCT...</c> for records fetched from the
/// public services (one key per record, so a rerun or a resumed fetch finds what it already holds). Control characters
/// are percent-escaped, so a name can never forge a log line or a header.
/// </summary>
public static class InputNames
{
    /// <summary>Longest ledger key (the rest of a longer name is dropped from the front: the file name part stays).</summary>
    public const int MaxLength = 1024;

    public const string UploadPrefix = "upload:";
    public const string FilePrefix = "file:";

    public static string File(string path) => FilePrefix + Clean(Path.GetFullPath(path));

    public static string Upload(string name) => UploadPrefix + Clean(name);

    public static string UnnamedUpload(string sha256Hex, string extension) => $"{UploadPrefix}sha256:{sha256Hex}{extension}";

    public static string Blob(string container, string blobName) => $"{container}/{Clean(blobName)}";

    public const string PubMedPrefix = "pubmed:";
    public const string ClinicalTrialsPrefix = "ctgov:";

    /// <summary>A PubMed record fetched by <c>kg fetch pubmed</c>: <c>pubmed:PMID</c> (digits only).</summary>
    public static string PubMed(string pmid) => PubMedPrefix + Clean(pmid);

    /// <summary>A ClinicalTrials.gov study fetched by <c>kg fetch ctgov</c>: <c>ctgov:NCT########</c>.</summary>
    public static string ClinicalTrials(string nctId) => ClinicalTrialsPrefix + Clean(nctId);

    /// <summary>Percent-escapes control characters (and '%' itself, so the escape is unambiguous); bounds the length.</summary>
    public static string Clean(string name)
    {
        var clean = name;
        if (name.AsSpan().ContainsAnyInRange('\0', '\u001f') || name.Contains('\u007f') || name.Contains('%'))
        {
            var sb = new StringBuilder(name.Length + 16);
            foreach (var c in name)
            {
                if (c < ' ' || c == '\u007f' || c == '%') sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                else sb.Append(c);
            }
            clean = sb.ToString();
        }
        return clean.Length > MaxLength - 64 ? clean[^(MaxLength - 64)..] : clean;
    }
}
