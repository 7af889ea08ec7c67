using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace PortfolioAdvisor.FunctionsSource.Tests;

/// <summary>
/// src/Functions cannot be built here (its packages are not on this machine's mirror), but all it takes from
/// src/Domain, ASP.NET Core and the BCL can be checked: compiled with those alone, its only errors must be the Azure SDK
/// names, and each such name must be one docs/azure.md lists among the APIs confirmed against the SDKs' sources.
/// </summary>
public sealed class FunctionsSourceTests(ITestOutputHelper output)
{
    // The errors an absent assembly causes: a type, namespace or name not found, and what follows from using one.
    private static readonly HashSet<string> UnresolvedNameErrors = ["CS0246", "CS0234", "CS0103", "CS1061", "CS0039"];

    [Fact]
    public void FunctionsSources_BindToDomainAndAspNetCore_LeavingOnlyAzureSdkNamesTheDocsConfirm()
    {
        var errors = FunctionsCompilation.Errors();
        var unexpected = Unexpected(errors, out var sdkNames);

        output.WriteLine($"{errors.Count} errors, all from {sdkNames.Count} Azure SDK names: {string.Join(", ", sdkNames.Order(StringComparer.Ordinal))}");
        Assert.True(unexpected.Count == 0, "errors that are not an absent Azure SDK name the docs confirm:\n" + string.Join('\n', unexpected));
        Assert.NotEmpty(sdkNames);
    }

    [Fact]
    public void TheCheck_Fails_When_TheFunctionsCallADomainMemberThatDoesNotExist()
    {
        const string Drifted = """
            namespace PortfolioAdvisor.Functions.Http;
            internal static class Drifted
            {
                internal static object Call(PortfolioAdvisor.Orchestration.TerminatedRunOutput output) => output.RebuildEverything();
            }
            """;

        var unexpected = Unexpected(FunctionsCompilation.Errors(Drifted), out _);

        var error = Assert.Single(unexpected);
        Assert.Equal("CS1061", error.Id);
    }

    private static List<Diagnostic> Unexpected(IReadOnlyList<Diagnostic> errors, out HashSet<string> sdkNames)
    {
        var confirmed = ConfirmedApiText();
        sdkNames = [];
        var unexpected = new List<Diagnostic>();
        foreach (var error in errors)
        {
            if (FunctionsCompilation.IsAzureSdkUsing(error))
            {
                continue;
            }

            var name = FunctionsCompilation.NameIn(error);
            if (UnresolvedNameErrors.Contains(error.Id) && name is not null && Regex.IsMatch(confirmed, $@"\b{Regex.Escape(Simple(name))}\b"))
            {
                sdkNames.Add(Simple(name));
            }
            else
            {
                unexpected.Add(error);
            }
        }

        return unexpected;
    }

    // An attribute is written [Function] and named FunctionAttribute in the errors.
    private static string Simple(string name) =>
        name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length ? name[..^"Attribute".Length] : name;

    private static string ConfirmedApiText()
    {
        var docs = File.ReadAllText(Path.Combine(FunctionsCompilation.Root, "docs", "azure.md"));
        var start = docs.IndexOf("## APIs used and where they were confirmed", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/azure.md has the section \"APIs used and where they were confirmed\"");
        // Up to the list of what is not confirmed, or the next section.
        var ends = new[] { docs.IndexOf("### Not confirmed", start, StringComparison.Ordinal), docs.IndexOf("\n## ", start + 3, StringComparison.Ordinal) };
        var end = ends.Where(e => e > 0).DefaultIfEmpty(docs.Length).Min();
        return docs[start..end];
    }
}
