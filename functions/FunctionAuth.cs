using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>
/// Authorization levels of the HTTP functions. Writes always need a function key. Reads are anonymous unless the
/// app is built with <c>-p:KgRequireKeyForReads=true</c> (defines KG_READS_REQUIRE_KEY): the level is part of the
/// generated functions.metadata, so it is chosen at build time, and Program.cs refuses to start when
/// <c>KG:Api:RequireKeyForReads</c> asks for keys that this build does not enforce.
/// </summary>
public static class FunctionAuth
{
#if KG_READS_REQUIRE_KEY
    public const AuthorizationLevel Reads = AuthorizationLevel.Function;
    public const bool ReadsRequireKey = true;
#else
    public const AuthorizationLevel Reads = AuthorizationLevel.Anonymous;
    public const bool ReadsRequireKey = false;
#endif
    public const AuthorizationLevel Writes = AuthorizationLevel.Function;
}
