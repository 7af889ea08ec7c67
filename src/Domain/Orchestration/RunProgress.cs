namespace PortfolioAdvisor.Orchestration;

/// <summary>
/// The orchestration's custom status: the node running now (null once all are done), the nodes completed in order,
/// and <paramref name="Percent"/> = 100 × completed ÷ 5.
/// </summary>
public sealed record RunProgress(string? Node, IReadOnlyList<string> CompletedNodes, int Percent)
{
    /// <summary>Before the first node completes, with <paramref name="node"/> running.</summary>
    public static RunProgress Starting(string node) => new(node, [], 0);

    /// <summary>This progress with <paramref name="completed"/> added and <paramref name="next"/> running.</summary>
    public RunProgress Complete(IReadOnlyList<string> completed, string? next)
    {
        var done = CompletedNodes.Concat(completed).ToArray();
        return new RunProgress(next, done, done.Length * 100 / AnalysisNodes.All.Count);
    }
}
