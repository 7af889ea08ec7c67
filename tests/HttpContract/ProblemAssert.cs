using System.Text.Json;
using PortfolioAdvisor.Http;
using Xunit;

namespace PortfolioAdvisor.HttpContract;

/// <summary>Checks an answer against the contract's table of problem details, for every case class.</summary>
public static class ProblemAssert
{
    /// <summary>Asserts <paramref name="answer"/> is problem details of <paramref name="status"/> with the table's type and a title; returns its body.</summary>
    public static JsonElement Is(ContractResponse answer, int status)
    {
        Assert.True(answer.Status == status, $"{answer.Status} instead of {status}: {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        var problem = JsonDocument.Parse(answer.Body).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(ApiProblems.Of(status).Type, problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
