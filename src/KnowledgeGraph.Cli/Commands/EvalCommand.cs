using System.CommandLine;
using KnowledgeGraph.Core.Evaluation;
using KnowledgeGraph.Core.Extraction;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg eval FILE.jsonl</c>: precision, recall and F1 of the real extractor on a curated set.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "Evaluation set (JSON lines, see shared/eval/README.md)" };
        var verbose = new Option<bool>("--verbose") { Description = "List false positives and false negatives per document" };
        var command = new Command("eval", "Score extraction against a curated JSONL set") { file, KgCli.Json, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new CliException($"No file '{path.FullName}'.");
            await using var services = CliServices.Create(parse);
            var evaluator = new ExtractionEvaluator(services.GetRequiredService<ConceptExtractor>());
            EvaluationReport report;
            using (var reader = path.OpenText())
            {
                try
                {
                    report = evaluator.Evaluate(reader);
                }
                catch (FormatException ex)
                {
                    throw new CliException($"{path.Name}: {ex.Message}");
                }
            }
            if (parse.GetValue(KgCli.Json))
            {
                Console.WriteLine(report.ToJson());
                return 0;
            }
            Console.Write(report.ToTable(parse.GetValue(verbose)));
            return 0;
        });
        return command;
    }
}
