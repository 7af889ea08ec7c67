namespace PortfolioAdvisor.SelfHost.Tests.Hosting;

/// <summary>One self-host shared by a test class.</summary>
public sealed class SelfHostFixture : IDisposable
{
    public SelfHostFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}
