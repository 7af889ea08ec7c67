using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests;

/// <summary>A host environment for building self-host parts without a host.</summary>
internal sealed class TestHostEnvironment : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Test";
    public string ApplicationName { get; set; } = "Test";
    public string ContentRootPath { get; set; } = Path.GetTempPath();
    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
