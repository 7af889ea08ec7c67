using PortfolioAdvisor.SelfHost.Tests.Hosting;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.JavaScript;

/// <summary>
/// Runs the JavaScript suites of <c>tests/js</c> — the real <c>@microsoft/signalr</c> client under node, and Chromium
/// driven by playwright-core — against this self-host on Kestrel. The same suites take any base URL
/// (<c>ADVISOR_BASE_URL</c>), so they also run against <c>func start</c> or an Azure deployment.
/// </summary>
public sealed class JavaScriptClientTests(SelfHostFixture host, SlowAdvisorFixture slow, ITestOutputHelper output)
    : IClassFixture<SelfHostFixture>, IClassFixture<SlowAdvisorFixture>
{
    /// <summary>Every <c>*.test.mjs</c> suite of <c>tests/js</c>: contract, browser, and the page's own logic.</summary>
    public static TheoryData<string> Suites()
    {
        var suites = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "tests", "js"), "*.test.mjs").Order(StringComparer.Ordinal))
        {
            suites.Add(Path.GetFileName(file));
        }

        return suites;
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public Task Suite_Passes_Against_TheSelfHost(string file) =>
        NodeSuite.RunAsync(file, new Dictionary<string, string>
        {
            ["ADVISOR_BASE_URL"] = host.Factory.BaseAddress.ToString().TrimEnd('/'),
            ["ADVISOR_SLOW_BASE_URL"] = slow.Factory.BaseAddress.ToString().TrimEnd('/'),
        }, output);
}
