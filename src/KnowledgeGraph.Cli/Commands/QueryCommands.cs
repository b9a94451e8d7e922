using System.CommandLine;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg query ...</c>: the store's named queries, as tables or <c>--json</c>.</summary>
public static class QueryCommands
{
    public static Command Create()
    {
        var query = new Command("query", "Run a named graph query");
        query.Subcommands.Add(Node());
        query.Subcommands.Add(Search());
        query.Subcommands.Add(Neighbors());
        query.Subcommands.Add(Path());
        query.Subcommands.Add(CellTypes());
        query.Subcommands.Add(Trials());
        query.Subcommands.Add(Trial());
        query.Subcommands.Add(Evidence());
        return query;
    }

    private static Command Node()
    {
        var id = new Argument<string>("id") { Description = "Node id, e.g. celltype:treg or trial:NCT01210664" };
        return Make("node", "Show one node and its properties", [id], async (store, parse, ct) =>
        {
            var node = await store.GetNodeAsync(parse.GetValue(id)!, ct) ?? throw new CliException($"No node '{parse.GetValue(id)}'.", 1);
            return (node, () =>
            {
                var t = new Table().AddColumns("property", "value");
                t.AddRow("id", Markup.Escape(node.Id)).AddRow("label", node.Label).AddRow("name", Markup.Escape(node.Name));
                foreach (var (k, v) in node.Properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                    t.AddRow(Markup.Escape(k), Markup.Escape(Show(v)));
                AnsiConsole.Write(t);
            });
        });
    }

    private static Command Search()
    {
        var q = new Argument<string>("text") { Description = "Name, synonym or id to look for" };
        var label = new Option<string?>("--label") { Description = "Only nodes with this label (CellType, Mechanism, Trial, Outcome, Condition, Paper)" };
        var limit = LimitOption();
        return Make("search", "Find nodes by name or synonym", [q, label, limit], async (store, parse, ct) =>
        {
            var page = await store.SearchNodesAsync(parse.GetValue(q), parse.GetValue(label), parse.GetValue(limit), null, ct);
            return (page.Items.Select(Summary), () => NodesTable(page.Items));
        });
    }

    private static Command Neighbors()
    {
        var id = new Argument<string>("id");
        var depth = new Option<int>("--depth") { Description = "Hops, 1-3", DefaultValueFactory = _ => 1 };
        var types = new Option<string[]>("--types") { Description = "Only these relationship types", AllowMultipleArgumentsPerToken = true };
        var limit = LimitOption(100);
        return Make("neighbors", "Nodes within N hops of a node", [id, depth, types, limit], async (store, parse, ct) =>
        {
            var d = parse.GetValue(depth);
            if (d is < 1 or > 3) throw new CliException("--depth must be 1, 2 or 3.");
            var g = await store.GetNeighborsAsync(parse.GetValue(id)!, d, parse.GetValue(types), parse.GetValue(limit), ct)
                ?? throw new CliException($"No node '{parse.GetValue(id)}'.", 1);
            return (new { nodes = g.Nodes.Select(Summary), relationships = g.Relationships }, () =>
            {
                NodesTable(g.Nodes);
                RelationshipsTable(g.Relationships);
            });
        });
    }

    private static Command Path()
    {
        var from = new Argument<string>("from");
        var to = new Argument<string>("to");
        var maxHops = new Option<int>("--max-hops") { Description = "Longest path to look for, 1-6", DefaultValueFactory = _ => 4 };
        return Make("path", "Shortest path between two nodes", [from, to, maxHops], async (store, parse, ct) =>
        {
            var hops = parse.GetValue(maxHops);
            if (hops is < 1 or > 6) throw new CliException("--max-hops must be between 1 and 6.");
            var path = await store.FindShortestPathAsync(parse.GetValue(from)!, parse.GetValue(to)!, hops, ct)
                ?? throw new CliException($"No path of at most {hops} hops.", 1);
            return (new { length = path.Length, nodes = path.Nodes.Select(Summary), relationships = path.Relationships }, () =>
            {
                for (var i = 0; i < path.Nodes.Count; i++)
                {
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(path.Nodes[i].Id)}[/] ({path.Nodes[i].Label}: {Markup.Escape(path.Nodes[i].Name)})");
                    if (i < path.Relationships.Count)
                    {
                        var r = path.Relationships[i];
                        var forward = r.From == path.Nodes[i].Id;
                        AnsiConsole.MarkupLine($"   {(forward ? "" : "<")}-[[{r.Type}]]-{(forward ? ">" : "")}");
                    }
                }
            });
        });
    }

    private static Command CellTypes()
    {
        var mechanism = new Option<string?>("--mechanism") { Description = "Only cell types acting via this mechanism id (narrower ones included)" };
        return Make("celltypes", "Cell types with their mechanisms, trials and outcomes", [mechanism], async (store, parse, ct) =>
        {
            var list = await store.GetCellTypesAsync(parse.GetValue(mechanism), ct);
            return (list, () =>
            {
                var t = new Table().AddColumns("cell type", "mechanisms", "trials", "outcomes (+/-)");
                foreach (var c in list)
                    t.AddRow(Markup.Escape(c.Id), Markup.Escape(string.Join(", ", c.Mechanisms)), $"{c.TrialCount}",
                        Markup.Escape(string.Join(", ", c.Outcomes.Select(o => $"{o.OutcomeId} {o.PositiveEvidence}/{o.NegativeEvidence}"))));
                AnsiConsole.Write(t);
            });
        });
    }

    private static Command Trials()
    {
        var mechanism = new Option<string?>("--mechanism");
        var cellType = new Option<string?>("--cell-type");
        var phase = new Option<string?>("--phase") { Description = "e.g. 2, PHASE1, \"phase 1/2\"" };
        var status = new Option<string?>("--status") { Description = "e.g. RECRUITING, completed" };
        var limit = LimitOption(100);
        return Make("trials", "Trials filtered by mechanism, cell type, phase, status", [mechanism, cellType, phase, status, limit], async (store, parse, ct) =>
        {
            var page = await store.GetTrialsAsync(new TrialFilter(parse.GetValue(mechanism), parse.GetValue(cellType), parse.GetValue(phase), parse.GetValue(status)),
                parse.GetValue(limit), null, ct);
            return (page.Items, () =>
            {
                var t = new Table().AddColumns("trial", "phase", "status", "cell types", "outcomes");
                foreach (var tr in page.Items)
                    t.AddRow(Markup.Escape(tr.Id), Markup.Escape(tr.Phase ?? "?"), Markup.Escape(tr.Status ?? "?"),
                        Markup.Escape(string.Join(", ", tr.CellTypes)), Markup.Escape(string.Join(", ", tr.Outcomes.Select(o => o.OutcomeId))));
                AnsiConsole.Write(t);
            });
        });
    }

    private static Command Trial()
    {
        var id = new Argument<string>("id") { Description = "Trial id, e.g. NCT04786262 or trial:NCT04786262" };
        return Make("trial", "The trial card: registry facts with their fields, linked concepts, findings, papers", [id], async (store, parse, ct) =>
        {
            var trialId = Core.Trials.TrialQueries.NormaliseTrialId(parse.GetValue(id)!);
            var card = await store.GetTrialCardAsync(trialId, ct) ?? throw new CliException($"No trial '{trialId}'.", 1);
            return (card, () =>
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(card.Id)}[/] {Markup.Escape(card.Name)}  phase={Markup.Escape(card.Phase ?? "?")} status={Markup.Escape(card.Status ?? "?")}");
                var facts = new Table().AddColumns("fact", "value", "source", "field");
                foreach (var f in card.Facts)
                {
                    var value = f.Value switch
                    {
                        string or bool or int or long => Show(f.Value),
                        IEnumerable<string> list => string.Join(", ", list),
                        IDictionary<string, object?> map => string.Join(" ", map.Values.Select(Show)),
                        _ => "(see --json)",
                    };
                    facts.AddRow(Markup.Escape(f.Name), Markup.Escape(value), Markup.Escape(f.Source), Markup.Escape(f.Field ?? ""));
                }
                AnsiConsole.Write(facts);
                var links = new Table().AddColumns("link", "concepts (sources)");
                foreach (var (name, list) in new[] { ("product", card.Products), ("cell type", card.CellTypes), ("mechanism", card.Mechanisms), ("source", card.CellSources),
                             ("site", card.DeliverySites), ("protection", card.Protections), ("measures", card.OutcomesMeasured) })
                    links.AddRow(name, Markup.Escape(string.Join("; ", list.Select(l => $"{l.Name} ({string.Join(", ", l.Sources)})"))));
                AnsiConsole.Write(links);
                foreach (var f in card.Findings)
                    AnsiConsole.MarkupLine($"- [grey]{Markup.Escape(f.OutcomeId)} [[{Markup.Escape(f.DocumentId)}]][/] {Markup.Escape(Core.Trials.EvidenceTableFormat.Describe(f))}");
                foreach (var s in card.Stated)
                    AnsiConsole.MarkupLine($"- [grey]{s.Kind} [[{Markup.Escape(s.DocumentId)}]][/] {Markup.Escape(s.Value)}: {Markup.Escape(s.Sentence)}");
                AnsiConsole.MarkupLine($"papers: {Markup.Escape(string.Join("; ", card.Papers.Select(p => $"{p.Id} ({string.Join("+", p.Via)})")))}");
                if (card.Flags.Count > 0) AnsiConsole.MarkupLine($"[yellow]flags: {Markup.Escape(string.Join(", ", card.Flags))}[/]");
            });
        });
    }

    private static Command Evidence()
    {
        var from = new Argument<string>("from");
        var type = new Argument<string>("type") { Description = "Relationship type, e.g. REPORTS_OUTCOME" };
        var to = new Argument<string>("to");
        return Make("evidence", "The sentences and sources behind one edge", [from, type, to], async (store, parse, ct) =>
        {
            var t = parse.GetValue(type)!.ToUpperInvariant();
            if (!GraphSchema.RelationshipTypes.Contains(t))
                throw new CliException($"'{parse.GetValue(type)}' is not a relationship type; use one of {string.Join(", ", GraphSchema.RelationshipTypes.Order())}.");
            var ev = await store.GetEvidenceAsync(parse.GetValue(from)!, t, parse.GetValue(to)!, ct) ?? throw new CliException("No such edge.", 1);
            return (ev, () =>
            {
                var r = ev.Relationship;
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.From)}[/] -[[{r.Type}]]-> [bold]{Markup.Escape(r.To)}[/]  agent={r.AgentType} evidence={r.EvidenceCount} papers={r.PaperCount}");
                AnsiConsole.MarkupLine($"publications: {Markup.Escape(string.Join(", ", r.Publications))}");
                foreach (var e in ev.Evidence)
                    AnsiConsole.MarkupLine($"- [grey]{Markup.Escape(e.DocumentId)} ({e.Section}{(e.Polarity is null ? "" : ", " + e.Polarity)}{(e.Negated ? ", negated" : "")}{(e.Speculative ? ", hedged" : "")})[/] {Markup.Escape(e.Text)}");
            });
        });
    }

    private static Option<int> LimitOption(int defaultValue = 20)
    {
        var option = new Option<int>("--limit") { Description = "Most results to show (1-500)", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 500) r.AddError("--limit must be between 1 and 500.");
        });
        return option;
    }

    private delegate Task<(object Json, Action Print)> QueryAction(IGraphStore store, ParseResult parse, CancellationToken ct);

    private static Command Make(string name, string description, Symbol[] symbols, QueryAction action)
    {
        var command = new Command(name, description);
        foreach (var s in symbols)
        {
            switch (s)
            {
                case Argument a: command.Arguments.Add(a); break;
                case Option o: command.Options.Add(o); break;
            }
        }
        command.Options.Add(KgCli.Json);
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var store = CliServices.Store(services);
            var (json, print) = await action(store, parse, ct);
            if (parse.GetValue(KgCli.Json)) Console.WriteLine(CliJson.Serialize(json));
            else print();
            return 0;
        });
        return command;
    }

    private static object Summary(GraphNode n) => new { id = n.Id, label = n.Label, name = n.Name };

    private static void NodesTable(IEnumerable<GraphNode> nodes)
    {
        var t = new Table().AddColumns("id", "label", "name");
        foreach (var n in nodes) t.AddRow(Markup.Escape(n.Id), n.Label, Markup.Escape(n.Name));
        AnsiConsole.Write(t);
    }

    private static void RelationshipsTable(IEnumerable<GraphRelationship> rels)
    {
        var t = new Table().AddColumns("from", "type", "to", "evidence", "papers");
        foreach (var r in rels) t.AddRow(Markup.Escape(r.From), r.Type, Markup.Escape(r.To), $"{r.EvidenceCount}", $"{r.PaperCount}");
        AnsiConsole.Write(t);
    }

    private static string Show(object? v) => v switch
    {
        null => "",
        string[] a => string.Join(", ", a),
        object?[] a => string.Join(", ", a),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
