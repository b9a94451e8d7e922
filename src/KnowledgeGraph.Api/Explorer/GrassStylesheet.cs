using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Api.Explorer;

/// <summary>One rule of a Neo4j Browser style file: <c>node.CellType { color: #2CA02C; caption: "{name}"; }</c>.</summary>
public sealed record GrassRule(string Selector, IReadOnlyDictionary<string, string> Properties);

/// <summary>
/// Reads <c>graph-schema/style.grass</c> (the Neo4j Browser style) and turns it into a Cytoscape.js stylesheet, so the
/// explorer and Neo4j Browser draw the graph with one palette and one set of captions instead of two hand-kept copies.
/// </summary>
public static partial class GrassStylesheet
{
    public const string RelativePath = "graph-schema/style.grass";

    /// <summary>
    /// Rules in file order. Quoted values may hold braces and semicolons (<c>caption: "{name}"</c>), so this reads
    /// character by character instead of splitting on them.
    /// </summary>
    public static IReadOnlyList<GrassRule> Parse(string grass)
    {
        var rules = new List<GrassRule>();
        var selector = new StringBuilder();
        var declaration = new StringBuilder();
        Dictionary<string, string>? properties = null;
        var quoted = false;
        foreach (var c in grass)
        {
            if (properties is null)
            {
                if (c == '{') properties = new Dictionary<string, string>(StringComparer.Ordinal);
                else if (c == '}') throw new FormatException("A '}' without its rule.");
                else selector.Append(c);
                continue;
            }
            if (c == '"') quoted = !quoted;
            if (!quoted && (c == ';' || c == '}'))
            {
                AddDeclaration(properties, declaration.ToString());
                declaration.Clear();
                if (c == '}')
                {
                    var name = selector.ToString().Trim();
                    if (name.Length == 0) throw new FormatException("A rule without a selector.");
                    rules.Add(new GrassRule(name, properties));
                    selector.Clear();
                    properties = null;
                }
                continue;
            }
            declaration.Append(c);
        }
        if (properties is not null || quoted) throw new FormatException("The style file ends inside a rule.");
        if (rules.Count == 0) throw new FormatException("The style file has no rules.");
        return rules;
    }

    private static void AddDeclaration(Dictionary<string, string> properties, string declaration)
    {
        if (string.IsNullOrWhiteSpace(declaration)) return;
        var colon = declaration.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new FormatException($"'{declaration.Trim()}' is not a 'name: value' declaration.");
        var value = declaration[(colon + 1)..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
        properties[declaration[..colon].Trim()] = value;
    }

    /// <summary>
    /// The Cytoscape stylesheet: <c>node</c>/<c>relationship</c> become <c>node</c>/<c>edge</c>, <c>.Label</c> and
    /// <c>.TYPE</c> become data selectors on the explorer's <c>label</c> and <c>type</c> fields, and captions become
    /// <c>label</c> mappers (<c>{name}</c> and <c>&lt;type&gt;</c> both read one data field).
    /// </summary>
    public static JsonArray ToCytoscape(IReadOnlyList<GrassRule> rules)
    {
        var sheet = new JsonArray();
        foreach (var rule in rules)
        {
            var (element, qualifier) = SplitSelector(rule.Selector);
            var isNode = element == "node";
            var selector = qualifier is null ? (isNode ? "node" : "edge") : $"{(isNode ? "node" : "edge")}[{(isNode ? "label" : "type")} = \"{qualifier}\"]";
            var style = new JsonObject();
            foreach (var (key, value) in rule.Properties)
                foreach (var (cyKey, cyValue) in Translate(isNode, key, value))
                    style[cyKey] = cyValue;
            sheet.Add(new JsonObject { ["selector"] = selector, ["style"] = style });
        }
        return sheet;
    }

    private static (string Element, string? Qualifier) SplitSelector(string selector)
    {
        var dot = selector.IndexOf('.', StringComparison.Ordinal);
        var element = dot < 0 ? selector : selector[..dot];
        if (element is not ("node" or "relationship")) throw new FormatException($"Unknown style selector '{selector}'.");
        var qualifier = dot < 0 ? null : selector[(dot + 1)..];
        // Qualifiers go into a Cytoscape selector string: only schema-like names are accepted.
        if (qualifier is not null && !Name().IsMatch(qualifier)) throw new FormatException($"Bad style selector '{selector}'.");
        return (element, qualifier);
    }

    private static IEnumerable<(string Key, JsonNode? Value)> Translate(bool isNode, string key, string value)
    {
        switch (key)
        {
            case "color" when isNode:
                yield return ("background-color", value);
                // Captions that spill out of a small circle stay readable on a halo of the node's colour.
                yield return ("text-outline-color", value);
                break;
            case "color":
                yield return ("line-color", value);
                yield return ("target-arrow-color", value);
                break;
            case "border-color":
                yield return ("border-color", value);
                break;
            case "border-width":
                yield return ("border-width", Pixels(value));
                break;
            case "diameter":
                yield return ("width", Pixels(value));
                yield return ("height", Pixels(value));
                break;
            case "shaft-width":
                yield return ("width", Pixels(value));
                break;
            case "font-size":
                yield return ("font-size", Pixels(value));
                break;
            case "text-color-internal" when isNode:
                yield return ("color", value);
                break;
            case "text-color-external" when !isNode:
                yield return ("color", value);
                break;
            case "caption":
                yield return ("label", Caption(value));
                break;
            default:
                // padding and the other text colour have no Cytoscape counterpart.
                break;
        }
    }

    /// <summary><c>{name}</c>, <c>{id}</c>, <c>&lt;type&gt;</c> → <c>data(name)</c>; an empty caption draws nothing.</summary>
    private static string Caption(string caption)
    {
        var match = CaptionField().Match(caption);
        return match.Success ? $"data({match.Groups["field"].Value})" : "";
    }

    private static double Pixels(string value) =>
        double.Parse(value.EndsWith("px", StringComparison.Ordinal) ? value[..^2] : value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^\s*[{<](?<field>[A-Za-z_][A-Za-z0-9_]*)[}>]\s*$")]
    private static partial Regex CaptionField();
}
