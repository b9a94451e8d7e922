using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// The API v2 <c>resultsSection</c>: outcome measures (groups, denominators, values per group and class/category,
/// verbatim) and adverse events (event groups with deaths, serious and other affected / at risk; serious and other
/// events by term and organ system). Statistical analyses and the participant flow are not kept.
/// </summary>
internal static class ClinicalTrialsResultsReader
{
    private const string Outcomes = "resultsSection.outcomeMeasuresModule";
    private const string Events = "resultsSection.adverseEventsModule";

    public static TrialResults? Read(RegistryJson j, JsonElement? results)
    {
        if (results is null) return null;
        var module = j.Obj(results, "outcomeMeasuresModule", Outcomes);
        var items = j.Arr(module, "outcomeMeasures", Outcomes + ".outcomeMeasures");
        var measures = new List<TrialOutcomeResult>(items.Count);
        for (var i = 0; i < items.Count; i++)
            if (Measure(j, j.Item(items[i], $"{Outcomes}.outcomeMeasures[{i}]"), $"{Outcomes}.outcomeMeasures[{i}]") is { } m)
                measures.Add(m);
        var adverse = AdverseEvents(j, j.Obj(results, "adverseEventsModule", Events));
        return measures.Count == 0 && adverse is null ? null : new TrialResults(measures, adverse);
    }

    private static TrialOutcomeResult? Measure(RegistryJson j, JsonElement m, string path)
    {
        var title = j.Str(m, "title", path + ".title");
        if (title is null) return null;
        var groups = new List<TrialResultGroup>();
        var groupItems = j.Arr(m, "groups", path + ".groups");
        for (var i = 0; i < groupItems.Count; i++)
        {
            var p = $"{path}.groups[{i}]";
            var g = j.Item(groupItems[i], p);
            if (j.Str(g, "id", p + ".id") is { } id)
                groups.Add(new TrialResultGroup(id, j.Str(g, "title", p + ".title"), j.Str(g, "description", p + ".description")));
        }

        var denominators = new List<TrialDenominator>();
        var denomItems = j.Arr(m, "denoms", path + ".denoms");
        for (var i = 0; i < denomItems.Count; i++)
        {
            var p = $"{path}.denoms[{i}]";
            var d = j.Item(denomItems[i], p);
            var units = j.Str(d, "units", p + ".units") ?? "Participants";
            var counts = j.Arr(d, "counts", p + ".counts");
            for (var k = 0; k < counts.Count; k++)
            {
                var cp = $"{p}.counts[{k}]";
                var c = j.Item(counts[k], cp);
                if (j.Str(c, "groupId", cp + ".groupId") is not { } groupId || j.Str(c, "value", cp + ".value") is not { } value) continue;
                j.CountValue();
                denominators.Add(new TrialDenominator(groupId, units, value));
            }
        }

        var measurements = new List<TrialMeasurement>();
        var classes = j.Arr(m, "classes", path + ".classes");
        for (var c = 0; c < classes.Count; c++)
        {
            var cp = $"{path}.classes[{c}]";
            var cls = j.Item(classes[c], cp);
            var classTitle = j.Str(cls, "title", cp + ".title");
            var categories = j.Arr(cls, "categories", cp + ".categories");
            for (var g = 0; g < categories.Count; g++)
            {
                var gp = $"{cp}.categories[{g}]";
                var category = j.Item(categories[g], gp);
                var categoryTitle = j.Str(category, "title", gp + ".title");
                var values = j.Arr(category, "measurements", gp + ".measurements");
                for (var v = 0; v < values.Count; v++)
                {
                    var vp = $"{gp}.measurements[{v}]";
                    var x = j.Item(values[v], vp);
                    if (j.Str(x, "groupId", vp + ".groupId") is not { } groupId) continue;
                    j.CountValue();
                    measurements.Add(new TrialMeasurement(groupId, j.Str(x, "value", vp + ".value"), j.Str(x, "spread", vp + ".spread"),
                        j.Str(x, "lowerLimit", vp + ".lowerLimit"), j.Str(x, "upperLimit", vp + ".upperLimit"),
                        j.Str(x, "comment", vp + ".comment"), classTitle, categoryTitle));
                }
            }
        }

        return new TrialOutcomeResult(
            j.Str(m, "type", path + ".type") ?? "OTHER",
            title,
            j.Str(m, "description", path + ".description"),
            j.Str(m, "timeFrame", path + ".timeFrame"),
            j.Str(m, "paramType", path + ".paramType"),
            j.Str(m, "dispersionType", path + ".dispersionType"),
            j.Str(m, "unitOfMeasure", path + ".unitOfMeasure"),
            j.Str(m, "reportingStatus", path + ".reportingStatus"),
            groups, denominators, measurements);
    }

    private static TrialAdverseEvents? AdverseEvents(RegistryJson j, JsonElement? module)
    {
        if (module is null) return null;
        var groups = new List<TrialEventGroup>();
        var items = j.Arr(module, "eventGroups", Events + ".eventGroups");
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{Events}.eventGroups[{i}]";
            var g = j.Item(items[i], p);
            if (j.Str(g, "id", p + ".id") is not { } id) continue;
            int? Count(string name)
            {
                var n = j.Int(g, name, $"{p}.{name}");
                if (n is not null) j.CountValue();
                return n;
            }
            groups.Add(new TrialEventGroup(id, j.Str(g, "title", p + ".title"), j.Str(g, "description", p + ".description"),
                Count("deathsNumAffected"), Count("deathsNumAtRisk"), Count("seriousNumAffected"), Count("seriousNumAtRisk"),
                Count("otherNumAffected"), Count("otherNumAtRisk")));
        }

        return new TrialAdverseEvents(
            j.Str(module, "timeFrame", Events + ".timeFrame"),
            j.Str(module, "description", Events + ".description"),
            j.Str(module, "frequencyThreshold", Events + ".frequencyThreshold"),
            groups,
            Terms(j, module.Value, "seriousEvents"),
            Terms(j, module.Value, "otherEvents"));
    }

    private static List<TrialAdverseEvent> Terms(RegistryJson j, JsonElement module, string list)
    {
        var items = j.Arr(module, list, $"{Events}.{list}");
        var result = new List<TrialAdverseEvent>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{Events}.{list}[{i}]";
            var e = j.Item(items[i], p);
            if (j.Str(e, "term", p + ".term") is not { } term) continue;
            var stats = new List<TrialEventStat>();
            var statItems = j.Arr(e, "stats", p + ".stats");
            for (var k = 0; k < statItems.Count; k++)
            {
                var sp = $"{p}.stats[{k}]";
                var s = j.Item(statItems[k], sp);
                if (j.Str(s, "groupId", sp + ".groupId") is not { } groupId) continue;
                j.CountValue();
                stats.Add(new TrialEventStat(groupId, j.Int(s, "numEvents", sp + ".numEvents"), j.Int(s, "numAffected", sp + ".numAffected"),
                    j.Int(s, "numAtRisk", sp + ".numAtRisk")));
            }
            result.Add(new TrialAdverseEvent(term, j.Str(e, "organSystem", p + ".organSystem"), stats));
        }
        return result;
    }
}
