namespace KnowledgeGraph.Core.Sources;

/// <summary>What one query against one service did. Counts are records (PubMed articles, ClinicalTrials.gov studies).</summary>
public sealed class FetchReport(string service, string query)
{
    public string Service { get; } = service;

    public string Query { get; } = query;

    /// <summary>Hits the service reports for the query.</summary>
    public int Found { get; set; }

    /// <summary>Searches it took (PubMed: more than one when the query was cut into date slices).</summary>
    public int Slices { get; set; }

    /// <summary>Hits already held (cache): not fetched.</summary>
    public int Held { get; set; }

    /// <summary>Hits to fetch in this run (new or changed, at most the run's maximum).</summary>
    public int ToFetch { get; set; }

    /// <summary>Hits left for a later run because of the maximum.</summary>
    public int Deferred { get; set; }

    /// <summary>Hits ESearch cannot reach (more than 9,999 entered PubMed on one day).</summary>
    public int Unreachable { get; set; }

    public int Fetched { get; set; }

    public int Added { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int Failed { get; set; }

    /// <summary>Asked for but not returned by the service (withdrawn records, book entries).</summary>
    public int Missing { get; set; }

    /// <summary>HTTP requests, retries included.</summary>
    public int Requests { get; set; }

    public List<string> Failures { get; } = [];

    internal void Count(SourceRecord record, SinkResult result)
    {
        lock (Failures)
        {
            Fetched++;
            switch (result.Outcome)
            {
                case SinkOutcome.Added: Added++; break;
                case SinkOutcome.Updated: Updated++; break;
                case SinkOutcome.Unchanged: Unchanged++; break;
                default:
                    Failed++;
                    if (Failures.Count < 100) Failures.Add($"{record.Id}: {result.Reason}");
                    break;
            }
        }
    }
}

/// <summary>Progress of a fetch: the phase (<c>search</c>, <c>list</c>, <c>fetch</c>) and how far it is.</summary>
public sealed record FetchProgress(string Phase, int Done, int Total);
