using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions.Tests;

/// <summary>Functions only bind and delegate: all logic lives in KnowledgeGraph.Api, shared with kg serve.</summary>
public sealed partial class ThinFunctionTests
{
    private static IEnumerable<MethodInfo> FunctionMethods() =>
        typeof(FunctionAuth).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);

    [Fact]
    public void Every_function_method_is_a_few_bytes_of_il_without_branches()
    {
        var methods = FunctionMethods().ToList();
        Assert.Equal(24, methods.Count);
        foreach (var method in methods)
        {
            var il = method.GetMethodBody()!.GetILAsByteArray()!;
            // ldarg.0; ldfld handler; ldarg.1..3; callvirt; ret is 15 bytes. Any logic makes it larger.
            Assert.True(il.Length <= 20, $"{method.DeclaringType!.Name}.{method.Name} has {il.Length} bytes of IL: move the logic into a handler.");
            Assert.Empty(method.GetMethodBody()!.LocalVariables);
            Assert.Empty(method.GetMethodBody()!.ExceptionHandlingClauses);
        }
    }

    [Fact]
    public void Function_sources_are_one_expression_that_calls_a_handler_with_the_bound_parameters()
    {
        var files = Directory.GetFiles(Path.Combine(Repo.Root, "functions"), "*.cs").Where(f => File.ReadAllText(f).Contains("[Function(", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        var total = 0;
        foreach (var file in files)
        {
            var source = File.ReadAllText(file);
            var attributes = FunctionAttribute().Count(source);
            var delegations = Delegation().Matches(source);
            Assert.Equal(attributes, delegations.Count);
            Assert.DoesNotMatch(Forbidden(), source);
            total += attributes;
        }
        Assert.Equal(24, total);
    }

    [GeneratedRegex(@"\[Function\(")]
    private static partial Regex FunctionAttribute();

    // `) =>` then `handler(s).SomethingAsync(a, b, c);` with nothing but parameter names as arguments.
    [GeneratedRegex(@"\)\s*=>\s*handlers?\.\w+Async\((\w+(,\s*\w+)*)?\);")]
    private static partial Regex Delegation();

    [GeneratedRegex(@"\b(if|else|switch|for|foreach|while|try|catch|await|new|throw|return)\b|\?\?|\{\s*get")]
    private static partial Regex Forbidden();
}
