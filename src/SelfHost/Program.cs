var app = WebApplication.CreateBuilder(args).Build();
app.Run();

/// <summary>The self-host's entry point (public for WebApplicationFactory).</summary>
public partial class Program;
