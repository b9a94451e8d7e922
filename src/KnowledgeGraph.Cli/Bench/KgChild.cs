using System.Diagnostics;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>Starts this same <c>kg</c> program as a child process (<c>dotnet kg.dll ...</c> or the apphost), so the
/// ingest and cold-start figures are those of a fresh process, as a user would see them.</summary>
internal static class KgChild
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var viaHost = Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaHost) psi.ArgumentList.Add(typeof(KgChild).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The child must use the database it is given, not one from the user's environment.
        psi.Environment.Remove("KG_DB");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("KG__", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        return psi;
    }
}
