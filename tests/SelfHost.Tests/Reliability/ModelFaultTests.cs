extern alias ModelServer;

using System.Diagnostics;
using ModelServer::PortfolioAdvisor.ModelServer;
using PortfolioAdvisor.SelfHost.Tests.Hosting;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// The model fails, end to end: the self-host's advisor points at the local model server, whose fault mode the model
/// name chooses; the tests check what a client sees in the run's events and status.
/// </summary>
public sealed class ModelFaultTests
{
    private static readonly string Reply = ModelServerOptions.DefaultReply;

    [Fact]
    public async Task SlowFirstToken_IsWaitedFor_When_ItComesWithinTheFirstTokenTimeout()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:slow-first-token",
            new ModelServerOptions { TokensPerSecond = 300, FirstTokenDelay = TimeSpan.FromMilliseconds(600) },
            new Dictionary<string, string?> { ["Advisor:FirstTokenTimeoutSeconds"] = "3" });

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([Reply], ContractRules.AssertHold(events, id));
        Assert.Empty(events.OfType("error"));
        Assert.Single(host.Server.Requests);
        Assert.Equal("fault:slow-first-token", status.GetProperty("output").GetProperty("advice").GetProperty("model").GetString());
        var typing = events.OfType("typing")[0];
        var firstToken = events.OfType("token")[0];
        Assert.True(typing.GetProperty("typing").GetBoolean() && typing.Seq() < firstToken.Seq());
        Assert.True(Time(firstToken) - Time(typing) >= TimeSpan.FromMilliseconds(500), "typing shows while the first token is awaited");
    }

    [Fact]
    public async Task SlowFirstToken_IsAbortedAndRetried_When_ItMissesTheFirstTokenTimeout()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:slow-first-tokenx1",
            new ModelServerOptions { TokensPerSecond = 300, FirstTokenDelay = TimeSpan.FromSeconds(20) },
            new Dictionary<string, string?> { ["Advisor:FirstTokenTimeoutSeconds"] = "1.5" });

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([Reply], ContractRules.AssertHold(events, id));
        Assert.Empty(events.OfType("error"));
        Assert.Equal(2, host.Server.Requests.Count);
        Assert.True(host.Server.Requests[0].Aborted, "the slow request is aborted, not left running");
        Assert.InRange(host.SecondsBetween(0, 1), 1.4, 6);
    }

    [Theory]
    [InlineData("fault:stallx1", "model_stalled")]
    [InlineData("fault:dropx1", "stream_interrupted")]
    [InlineData("fault:resetx1", "model_error")]
    [InlineData("fault:malformedx1", "model_error")]
    public async Task MidStreamFault_SendsARetryableErrorForThePartialMessage_ThenTheReplyUnderANewMessageId(string model, string code)
    {
        await using var host = await ModelBackedHost.StartAsync(model);

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var finals = ContractRules.AssertHold(events, id);
        var error = Assert.Single(events.OfType("error"));
        Assert.True(error.GetProperty("retryable").GetBoolean());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("advisor", error.GetProperty("node").GetString());
        Assert.Equal($"{id}-a1-m0", error.MessageId());
        Assert.Contains(events, e => e.Type() == "token" && e.MessageId() == $"{id}-a1-m0" && e.Seq() < error.Seq());
        var message = Assert.Single(events.OfType("message"));
        Assert.Equal($"{id}-a2-m0", message.MessageId());
        Assert.True(message.Seq() > error.Seq());
        Assert.Equal([Reply], finals);
        Assert.Equal(finals, status.AdviceMessages());
        Assert.Equal(2, host.Server.Requests.Count);
    }

    [Fact]
    public async Task StallEveryTime_EndsWithOneNonStreamingAttempt_AfterTheStreamingAttemptsAreSpent()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:stall");

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([Reply], ContractRules.AssertHold(events, id));
        Assert.Equal([$"{id}-a1-m0", $"{id}-a2-m0"], events.OfType("error").Select(e => e.MessageId()));
        Assert.All(events.OfType("error"), e => Assert.Equal("model_stalled", e.GetProperty("code").GetString()));
        Assert.Equal($"{id}-a3-m0", Assert.Single(events.OfType("message")).MessageId());
        Assert.Equal([true, true, false], host.Server.Requests.Select(r => r.Stream));
    }

    [Fact]
    public async Task TooManyRequests_IsRetriedAfterRetryAfter_BeforeAnyTokenIsShown()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:429x2", new ModelServerOptions { TokensPerSecond = 300, RetryAfterSeconds = 1 });

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([Reply], ContractRules.AssertHold(events, id));
        Assert.Empty(events.OfType("error"));
        Assert.Equal(3, host.Server.Requests.Count);
        Assert.True(host.SecondsBetween(0, 1) >= 0.95, $"Retry-After: 1 honoured, waited {host.SecondsBetween(0, 1):0.00} s");
        Assert.True(host.SecondsBetween(1, 2) >= 0.95, $"Retry-After: 1 honoured, waited {host.SecondsBetween(1, 2):0.00} s");
    }

    [Fact]
    public async Task ServerError_IsRetriedBeforeTheFirstToken_When_ItPasses()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:500x2");

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal([Reply], ContractRules.AssertHold(events, id));
        Assert.Empty(events.OfType("error"));
        Assert.Equal(3, host.Server.Requests.Count);
    }

    [Fact]
    public async Task ServerErrorEveryTime_EndsRunFailedAdvisorFailed_AfterEveryAttempt_AndNeverFallsBackToOffline()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:500");
        var clock = Stopwatch.StartNew();

        var (id, status, events) = await host.RunAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the run ended in {clock.Elapsed}");
        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        Assert.False(status.TryGetProperty("output", out _));
        ContractRules.AssertHold(events, id, expectedTerminal: "run_failed");
        Assert.Equal("advisor_failed", events[^1].GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(events[^1].GetProperty("message").GetString()));
        Assert.Empty(events.OfType("token"));
        Assert.Empty(events.OfType("message"));
        Assert.DoesNotContain("offline", string.Join("\n", events.Select(e => e.GetRawText())), StringComparison.OrdinalIgnoreCase);
        // Two activity attempts, each: 2 streaming attempts and 1 non-streaming one, each of those tried 1 + 2 times.
        Assert.Equal(2 * (2 + 1) * (1 + 2), host.Server.Requests.Count);
        Assert.Equal(2 * 3, host.Server.Requests.Count(r => !r.Stream));
    }

    [Fact]
    public async Task SilentModel_FailsTheRunWithinItsBounds_InsteadOfHanging()
    {
        // The model accepts every request and never answers (streaming or not) within 20 s.
        await using var host = await ModelBackedHost.StartAsync("fault:slow-first-token",
            new ModelServerOptions { FirstTokenDelay = TimeSpan.FromSeconds(20) },
            new Dictionary<string, string?>
            {
                ["Advisor:FirstTokenTimeoutSeconds"] = "0.5",
                ["Advisor:OpenRetries"] = "0",
                ["Advisor:StreamingAttempts"] = "1",
                ["Advisor:RequestTimeoutSeconds"] = "1",
            });
        var clock = Stopwatch.StartNew();

        var (id, status, events) = await host.RunAsync(timeout: TimeSpan.FromSeconds(15));

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        ContractRules.AssertHold(events, id, expectedTerminal: "run_failed");
        Assert.Equal("advisor_failed", events[^1].GetProperty("code").GetString());
        // Two activity attempts of (0.5 s for a first token + 1 s for the non-streaming call), 1 s apart.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"failed after {clock.Elapsed}");
        Assert.Equal([true, false, true, false], host.Server.Requests.Select(r => r.Stream));
        await Task.WhenAll(host.Server.Requests.Select(r => r.Finished)).WaitAsync(TimeSpan.FromSeconds(2));
        Assert.All(host.Server.Requests, r => Assert.True(r.Aborted, "every silent request is aborted, none left open"));
    }

    [Fact]
    public async Task RefusedForGood_FailsTheRunWithoutRetryingTheModel_When_TheKeyIsRejected()
    {
        await using var host = await ModelBackedHost.StartAsync("fault:401");

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Failed", status.GetProperty("runtimeStatus").GetString());
        ContractRules.AssertHold(events, id, expectedTerminal: "run_failed");
        Assert.Equal("advisor_failed", events[^1].GetProperty("code").GetString());
        Assert.Empty(events.OfType("message"));
        // One request per attempt of the advisor activity (the engine's retry policy allows two): no Polly retry, no
        // second streaming attempt, no non-streaming fallback for a refusal that retrying cannot fix.
        Assert.Equal(2, host.Server.Requests.Count);
        Assert.All(host.Server.Requests, r => Assert.True(r.Stream));
    }

    [Fact]
    public async Task FarLongerReply_StreamsToTheEnd_With_ContentEqualToItsDeltas()
    {
        var options = new ModelServerOptions { TokensPerSecond = 0, LongReplyRepeat = 20 };
        await using var host = await ModelBackedHost.StartAsync("fault:long", options);

        var (id, status, events) = await host.RunAsync();

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        var expected = string.Join("\n\n", Enumerable.Repeat(Reply, options.LongReplyRepeat));
        Assert.Equal([expected], ContractRules.AssertHold(events, id));
        Assert.Equal([expected], status.AdviceMessages());
        Assert.Empty(events.OfType("error"));
    }

    private static DateTimeOffset Time(System.Text.Json.JsonElement e) =>
        DateTimeOffset.Parse(e.GetProperty("ts").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
