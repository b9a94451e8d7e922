namespace KnowledgeGraph.Core.Evaluation;

/// <summary>Micro-averaged precision, recall and F1 over (document, id) pairs, with the counts behind them.</summary>
public sealed record Score(double Precision, double Recall, double F1, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public static Score From(int tp, int fp, int fn)
    {
        // With nothing expected and nothing found there is nothing to get wrong: 1, not 0/0.
        var precision = tp + fp == 0 ? 1.0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 1.0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
        return new Score(precision, recall, f1, tp, fp, fn);
    }
}

/// <summary>One document's mistakes: ids found but not expected, and expected but not found.</summary>
public sealed record DocumentErrors(string Id, IReadOnlyList<string> FalsePositives, IReadOnlyList<string> FalseNegatives);
