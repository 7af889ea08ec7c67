using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using PortfolioAdvisor.SelfHost.Tests.Reliability;
using PortfolioAdvisor.Telemetry;

namespace PortfolioAdvisor.SelfHost.Tests.Telemetry;

/// <summary>
/// The self-host's telemetry after real runs (Kestrel on loopback, the advisor on the local model server): the
/// Prometheus scrape at <c>/metrics</c>, the trace of one run, and no secret or portfolio content in any of it.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed partial class TelemetryTests
{
    private static readonly string[] Activities =
        ["ConvertPortfolio", "ComputeRiskMetrics", "MeasurePerformance", "BuildRecommendations", "StreamAdvisorReply", "CompleteRun"];

    [Fact]
    public async Task Metrics_ShowTimeToFirstTokenTimePerTokenAndRunsByOutcome_WithCountsMatchingTheRuns()
    {
        using var host = await TelemetryHost.StartAsync();
        using var client = host.CreateUserClient();

        var runs = new[] { await host.RunAsync(ModelBackedHost.Example("analyst")), await host.RunAsync(ModelBackedHost.Example("analyst")) };
        var logged = new List<JsonElement>();
        foreach (var (id, _) in runs)
        {
            logged.AddRange(await RunClient.EventsAsync(client, id));
        }

        var scrape = await client.GetStringAsync("metrics");

        Assert.All(runs, run => Assert.Equal("run_completed", run.Frames[^1].EventType));
        var frames = runs.Sum(r => r.Frames.Count);
        var tokens = logged.Count(e => e.GetProperty("type").GetString() == "token");
        var messages = logged.Count(e => e.GetProperty("type").GetString() == "message");
        Assert.True(tokens > messages && messages >= 2, $"{tokens} tokens, {messages} messages");
        Assert.Equal(2, Sample(scrape, "advisor_run_time_to_first_token_seconds_count", ("advisor_run_kind", "analysis")));
        Assert.InRange(Sample(scrape, "advisor_run_time_to_first_token_seconds_sum", ("advisor_run_kind", "analysis")), 0.0001, 120);
        Assert.Equal(messages, Sample(scrape, "advisor_stream_time_per_token_seconds_count"));
        Assert.Equal(2, Sample(scrape, "advisor_runs_total", ("advisor_run_kind", "analysis"), ("advisor_run_outcome", "completed")));
        Assert.Equal(2, Sample(scrape, "advisor_run_duration_seconds_count", ("advisor_run_outcome", "completed")));
        Assert.Equal(tokens, Sample(scrape, "advisor_stream_coalescing_ratio_count"));
        Assert.True(Sample(scrape, "advisor_stream_coalescing_ratio_sum") >= tokens);
        Assert.Equal(frames, Sample(scrape, "advisor_events_delivered_total", ("advisor_transport", "sse")));
        Assert.Equal(logged.Count, Sample(scrape, "advisor_events_delivered_total", ("advisor_transport", "json")));
        Assert.Equal(logged.Count, Sample(scrape, "advisor_events_delivered_total", ("advisor_transport", "signalr")));
        Assert.Equal(0, Sample(scrape, "advisor_streams_active", ("advisor_transport", "sse")));
        Assert.Contains("# TYPE advisor_run_time_to_first_token_seconds histogram", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_OfOneRun_ShowsTheRequestTheOrchestrationEachActivityTheModelCallAndTheDeliveries()
    {
        using var host = await TelemetryHost.StartAsync();

        var (id, frames) = await host.RunAsync(ModelBackedHost.Example("analyst"));

        Assert.Equal("run_completed", frames[^1].EventType);
        var spans = host.Spans();
        var server = spans.Where(s => s.Source.Name == "Microsoft.AspNetCore" && Equals(s.GetTagItem(AdvisorTelemetry.RunId), id)).ToArray();
        var request = Assert.Single(server, s => Equals(s.GetTagItem("http.request.method"), "POST"));
        var stream = Assert.Single(server, s => Equals(s.GetTagItem("http.request.method"), "GET"));
        Assert.Equal("api/analyses/{id}/events", $"{stream.GetTagItem("http.route")}".TrimStart('/'));
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToArray();
        var orchestration = Assert.Single(trace, s => s.OperationName == "orchestration:FundAnalysisOrchestration");
        Assert.Equal(request.SpanId, orchestration.ParentSpanId);
        Assert.Equal(id, orchestration.GetTagItem(AdvisorTelemetry.RunId));
        foreach (var name in Activities)
        {
            var activity = Assert.Single(trace, s => s.OperationName == $"activity:{name}");
            Assert.Equal(orchestration.SpanId, activity.ParentSpanId);
            Assert.Equal(id, activity.GetTagItem(AdvisorTelemetry.RunId));
            Assert.Equal(name, activity.GetTagItem("durabletask.task.name"));
        }

        var advisor = Assert.Single(trace, s => s.OperationName == "activity:StreamAdvisorReply");
        Assert.Equal("advisor", advisor.GetTagItem(AdvisorTelemetry.Node));
        var model = Assert.Single(trace, s => s.Source.Name == "System.Net.Http" && $"{s.GetTagItem("url.full")}".Contains("chat/completions", StringComparison.Ordinal));
        Assert.Contains(advisor, Ancestors(model, trace));
        foreach (var type in new[] { "run_started", "node_started", "node_completed", "message", "run_completed" })
        {
            var deliveries = trace.Where(s => s.OperationName == $"deliver {type}").ToArray();
            Assert.NotEmpty(deliveries);
            Assert.All(deliveries, d => Assert.Equal(id, d.GetTagItem(AdvisorTelemetry.RunId)));
            Assert.All(deliveries, d => Assert.Contains(Ancestors(d, trace), a => a.OperationName.StartsWith("activity:", StringComparison.Ordinal)));
        }

        Assert.DoesNotContain(trace, s => s.OperationName == "deliver token");
    }

    [Fact]
    public async Task NoSpanMetricOrLogRecord_ContainsTheApiKeyATickerAShareCountOrACostBasis()
    {
        const string portfolio = """
            {"holdings":[{"ticker":"MTUM","shares":137.25,"costBasis":98765.43},{"ticker":"VNQI","shares":4219,"costBasis":31415.92},
            {"ticker":"EMB","shares":86.75}],"persona":"analyst","riskProfile":"balanced"}
            """;
        using var host = await TelemetryHost.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        });

        var (id, frames) = await host.RunAsync(portfolio);

        Assert.Equal("run_completed", frames[^1].EventType);
        var spans = host.Spans();
        var metrics = host.Metrics();
        var logs = host.Logs();
        // The capture works: the absence below means something.
        Assert.Contains(spans, s => Equals(s.GetTagItem(AdvisorTelemetry.RunId), id));
        Assert.Contains(metrics, m => m.StartsWith("advisor.run.time_to_first_token", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Contains(id, StringComparison.Ordinal));
        Assert.NotEmpty(host.ModelServer.Requests);
        var everything = string.Join("\n", spans.Select(Describe).Concat(metrics).Concat(logs));
        foreach (var secret in new[] { TelemetryHost.ApiKey, TelemetryHost.ApiKey[3..], TelemetryHost.ApiKey[^12..] })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        foreach (var content in new[] { "MTUM", "VNQI", "EMB", "137.25", "4219", "98765.43", "31415.92", "86.75" })
        {
            Assert.False(Regex.IsMatch(everything, $@"(?<![\w.]){Regex.Escape(content)}(?![\w]|\.\d)"), $"'{content}' appears in the telemetry");
        }
    }

    private static IEnumerable<Activity> Ancestors(Activity span, Activity[] trace)
    {
        for (var parent = trace.FirstOrDefault(s => s.SpanId == span.ParentSpanId); parent is not null; parent = trace.FirstOrDefault(s => s.SpanId == parent.ParentSpanId))
        {
            yield return parent;
        }
    }

    private static string Describe(Activity span) =>
        $"{span.Source.Name} {span.OperationName} {span.DisplayName} {span.StatusDescription} "
        + string.Join(" ", span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
        + string.Join(" ", span.Events.Select(e => e.Name + string.Join(" ", e.Tags.Select(t => $"{t.Key}={t.Value}"))))
        + string.Join(" ", span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include <paramref name="labels"/> (0 when none).</summary>
    private static double Sample(string scrape, string name, params (string Key, string Value)[] labels) =>
        SampleLine().Matches(scrape)
            .Where(m => m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
