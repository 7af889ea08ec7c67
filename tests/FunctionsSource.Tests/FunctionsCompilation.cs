using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace PortfolioAdvisor.FunctionsSource.Tests;

/// <summary>
/// src/Functions compiled with Roslyn against what this machine has: src/Domain, ASP.NET Core, the BCL and
/// Azure.Identity. The Azure Functions, Durable Task, SignalR Management and Tables packages cannot be restored here, so
/// the names they define stay unresolved; everything else must bind, exactly as in the real build.
/// </summary>
internal static partial class FunctionsCompilation
{
    /// <summary>The namespaces of the packages src/Functions uses that are not on this machine's NuGet mirror.</summary>
    public static readonly string[] AzureSdkNamespaces =
        ["Microsoft.Azure.Functions.Worker", "Microsoft.DurableTask", "Microsoft.Azure.SignalR.Management", "Azure.Data.Tables"];

    /// <summary>The repository root (the folder holding Serverless.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Compiles src/Functions (plus <paramref name="extraSources"/>) and returns its errors.</summary>
    public static IReadOnlyList<Diagnostic> Errors(params string[] extraSources)
    {
        var folder = Path.Combine(Root, "src", "Functions");
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings(Path.Combine(folder, "PortfolioAdvisor.Functions.csproj")), parse, "GlobalUsings.g.cs"))
            .Concat(extraSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, $"Extra{i}.cs")));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                && !Path.GetFileName(p).StartsWith("PortfolioAdvisor.FunctionsSource", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("PortfolioAdvisor.Functions", trees, references,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    /// <summary>The name an unresolved-name error is about (its first quoted name, without a nullable mark).</summary>
    public static string? NameIn(Diagnostic error) =>
        QuotedName().Match(error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)) is { Success: true } match
            ? match.Groups[1].Value.TrimEnd('?')
            : null;

    /// <summary>True when <paramref name="error"/> sits on a <c>using</c> of one of <see cref="AzureSdkNamespaces"/>.</summary>
    public static bool IsAzureSdkUsing(Diagnostic error)
    {
        var node = error.Location.SourceTree?.GetRoot().FindNode(error.Location.SourceSpan);
        var directive = node?.AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.UsingDirectiveSyntax>().FirstOrDefault();
        return directive?.NamespaceOrType.ToString() is { } name
            && AzureSdkNamespaces.Any(ns => name == ns || name.StartsWith(ns + ".", StringComparison.Ordinal));
    }

    // The SDK's implicit usings for Microsoft.NET.Sdk with ImplicitUsings=enable, plus the project's own <Using> items.
    private static string GlobalUsings(string project)
    {
        string[] implicitUsings = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
        var items = XDocument.Load(project).Descendants("Using")
            .Select(u => u.Attribute("Alias") is { } alias
                ? $"global using {alias.Value} = global::{u.Attribute("Include")!.Value};"
                : $"global using global::{u.Attribute("Include")!.Value};");
        return string.Join('\n', implicitUsings.Select(u => $"global using global::{u};").Concat(items));
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
