using System.Text;

namespace KnowledgeGraph.Core.Documents;

/// <summary>Bytes to text for the text-based formats: honours a UTF-8/UTF-16 byte-order mark, else strict UTF-8.</summary>
internal static class TextDecoding
{
    public static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> content, string sourceName)
    {
        try
        {
            if (content.StartsWith(TextDecoding.Utf8Bom))
            {
                return StrictUtf8.GetString(content[3..]);
            }

            if (content.Length >= 2 && content[0] == 0xFF && content[1] == 0xFE)
            {
                return Encoding.Unicode.GetString(content[2..]);
            }

            if (content.Length >= 2 && content[0] == 0xFE && content[1] == 0xFF)
            {
                return Encoding.BigEndianUnicode.GetString(content[2..]);
            }

            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new DocumentReadException(DocumentErrorCode.UnknownFormat,
                $"'{sourceName}' is not UTF-8 text (invalid byte at offset {e.Index}); binary file?", e);
        }
    }

    /// <summary>True for text a person could have written: no NUL or other C0 control characters besides tab, CR, LF, FF.</summary>
    public static bool LooksLikeText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\t' or '\n' or '\r' or '\f'))
            {
                return false;
            }
        }

        return true;
    }
}
