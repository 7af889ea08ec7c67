using Microsoft.Extensions.FileProviders;

namespace PortfolioAdvisor.SelfHost.Http;

/// <summary>Serves the browser page (<c>web/</c>) at <c>/</c> and the sample portfolios at <c>/samples/</c>.</summary>
public static class WebRoot
{
    /// <summary>
    /// The page's folder: the repository's <c>web/</c> when running from a clone (edits show without a rebuild),
    /// else the copy beside the assembly (<c>wwwroot</c>).
    /// </summary>
    public static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")) && File.Exists(Path.Combine(directory.FullName, "web", "index.html")))
            {
                return Path.Combine(directory.FullName, "web");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "wwwroot");
    }

    /// <summary>Static files for the page, and <c>/samples/</c> from the bundled example portfolios.</summary>
    public static WebApplication UseWebPage(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var samples = Path.Combine(AppContext.BaseDirectory, "data", "portfolios");
        if (Directory.Exists(samples))
        {
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(samples),
                RequestPath = "/samples",
                ServeUnknownFileTypes = false,
            });
        }

        return app;
    }
}
