namespace PortfolioAdvisor.ModelServer;

/// <summary>
/// Which tools the server calls, named by the request's model: <c>tools:&lt;name&gt;[,&lt;name&gt;…]</c> (optionally joined
/// to a fault with <c>|</c>). When a request offers <c>tools</c> and carries no <c>tool</c> message yet, the server
/// answers by calling each named tool once, with the arguments <see cref="ModelServerOptions.ToolArguments"/> gives for
/// it; once the request carries <c>tool</c> messages, it answers in text that quotes them.
/// </summary>
public sealed record ToolScript(IReadOnlyList<string> Tools)
{
    /// <summary>The script of <paramref name="model"/>, or null when it names no tools.</summary>
    public static ToolScript? Parse(string? model)
    {
        var part = model?.Split('|').FirstOrDefault(p => p.StartsWith("tools:", StringComparison.OrdinalIgnoreCase));
        return part is null
            ? null
            : new ToolScript([.. part["tools:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]);
    }
}
