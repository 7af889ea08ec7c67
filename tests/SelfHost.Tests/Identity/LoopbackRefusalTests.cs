namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>Development mode believes the header, so the self-host will not start on an address beyond loopback.</summary>
public sealed class LoopbackRefusalTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://*:0")]
    public async Task Development_RefusesToStart_And_SaysHowToChoose_When_AskedToListenBeyondLoopback(string urls)
    {
        var (exitCode, output) = await RefusedStart.RunAsync([new("urls", urls)]);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Identity:Mode is 'development'", output, StringComparison.Ordinal);
        Assert.Contains("--Identity:Mode=bearer", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
    }
}
