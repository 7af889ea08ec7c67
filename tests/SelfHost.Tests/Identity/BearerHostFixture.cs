using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Identity;

/// <summary>One self-host in bearer mode trusting the tests' own <see cref="TokenIssuer"/>.</summary>
public sealed class BearerHostFixture : IDisposable
{
    public BearerHostFixture() => Host = new SelfHostFactory(Tokens.Settings());

    public TokenIssuer Tokens { get; } = new();

    public SelfHostFactory Host { get; }

    public void Dispose() => Host.Dispose();
}
