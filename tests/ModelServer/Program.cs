// STUB (advisor helper replaces): the local OpenAI-compatible server.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
