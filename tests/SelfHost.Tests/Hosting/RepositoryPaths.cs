namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>Paths in the repository, found from the test assembly's folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the folder holding <c>Serverless.sln</c>).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A file under <c>data/portfolios/</c>.</summary>
    public static string Portfolio(string name) => Path.Combine(Root, "data", "portfolios", name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
