using System.Globalization;
using System.Text;

namespace KnowledgeGraph.Core.Evaluation;

/// <summary>
/// Whether a value the graph shows is the value a curator copied ("10 of 12", "6.4%", "Four of the six").
/// Both are reduced to their quantities in order: numbers (digits or number words), and the quantifier words
/// "all", "none", "half". The value matches when those sequences are equal and not empty, so "Four of the six" equals
/// "4 of 6" and "roughly 80%" equals "80%", but "13.6" does not equal "13.6 ± 8.1 pmol/mL/180 min" and the
/// baseline "8.1%" does not equal the result "6.4%".
/// </summary>
public static class FindingValues
{
    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7",
        ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12", ["thirteen"] = "13",
        ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17", ["eighteen"] = "18",
        ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50",
        ["all"] = "all", ["none"] = "none", ["no"] = "none", ["neither"] = "none", ["half"] = "half", ["both"] = "2",
    };

    public static bool Match(string? expected, string? actual)
    {
        if (expected is null || actual is null) return false;
        var a = Quantities(expected);
        return a.Count > 0 && a.SequenceEqual(Quantities(actual), StringComparer.Ordinal);
    }

    /// <summary>The quantities of a value in order: "Four of the six" -> [4, 6]; "7.5 ± 1.0%" -> [7.5, 1].</summary>
    public static IReadOnlyList<string> Quantities(string value)
    {
        var result = new List<string>();
        var i = 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < value.Length && (char.IsAsciiDigit(value[i]) || (value[i] is '.' or ',' && i + 1 < value.Length && char.IsAsciiDigit(value[i + 1])
                    && !(value[i] == ',' && i + 1 < value.Length && value[i + 1] == ' ')))) i++;
                var number = value[start..i].Replace(",", "", StringComparison.Ordinal);
                result.Add(double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString("R", CultureInfo.InvariantCulture) : number);
                continue;
            }
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < value.Length && char.IsLetter(value[i])) i++;
                if (NumberWords.TryGetValue(value[start..i], out var n)) result.Add(n);
                continue;
            }
            i++;
        }
        return result;
    }

    /// <summary>Lower case with runs of white space as one space, for display of misses.</summary>
    internal static string Normalize(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value.Trim())
            if (!char.IsWhiteSpace(c)) sb.Append(char.ToLowerInvariant(c));
            else if (sb.Length > 0 && sb[^1] != ' ') sb.Append(' ');
        return sb.ToString();
    }
}
