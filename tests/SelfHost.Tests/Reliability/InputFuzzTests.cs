using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PortfolioAdvisor.SelfHost.Tests.Hosting;
using Xunit.Abstractions;

namespace PortfolioAdvisor.SelfHost.Tests.Reliability;

/// <summary>
/// A seeded fuzz pass over the API: random bytes, huge and non-finite numbers, unicode and control characters in
/// tickers, CSV cells starting with <c>=</c>, deep nesting, a 10,000-holding portfolio, bodies just over the limit and
/// odd cursors and ids. Every answer must be 4xx (or 202/200 for input that happens to be valid), never 5xx; afterwards
/// the host is healthy and every run it accepted has ended.
/// </summary>
public sealed class InputFuzzTests(SelfHostFixture host, ITestOutputHelper output) : IClassFixture<SelfHostFixture>
{
    private const int Seed = 20261121;
    private const int RandomCases = 200;
    private const string Fidelity = "Account Number,Account Name,Symbol,Description,Quantity,Last Price,Current Value,Cost Basis Total,Type\n";
    private static readonly string[] Tickers = ["VTI", "VBR", "BND", "GLD", "BIL", "TLT"];
    private static readonly string[] Numbers =
    [
        "1e309", "-1e309", "1e-400", "0", "-0", "123456789012345678901234567890", "NaN", "Infinity", "-Infinity", "\"NaN\"",
        "\"Infinity\"", "\"-Infinity\"", "null", "true", "\"12\"", "1.7976931348623157e308", "4.9e-324", "1e9", "1000000001", "-5",
        "0x10", "1_000", "[]", "{}", "\"\"",
    ];
    private static readonly string[] OddStrings =
    [
        "\u0000", "VTI\u0000", "V\u0007TI", "\u202EITV", "ＶＴＩ", "vti", " VTI ", "VTI\r\nBND", "😀", "e\u0301", "\uFEFFVTI",
        new string('A', 5000), "'; DROP TABLE events; --", "=1+1", "@SUM(A1)", "+VTI", "-VTI", "\\u0000", "<script>", "../..", "%00",
    ];
    private static readonly string[] ContentTypes =
    [
        "application/json", "text/csv", "image/png", "image/jpeg", "application/xml", "text/plain", "multipart/form-data",
        "application/json; charset=utf-16", "application/octet-stream", "text/csv; charset=latin1", "application/x-www-form-urlencoded",
    ];

    [Fact]
    public async Task Fuzz_AnswersOnly4xxOrAccepted_NeverAServerError_And_LeavesNoRunStuck()
    {
        var random = new Random(Seed);
        using var client = host.Factory.CreateUserClient("fuzzer");
        var existing = await RunClient.StartRunAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));
        var failures = new List<string>();
        var accepted = new List<string> { existing };
        var answers = new Dictionary<int, int>();
        var cases = FixedCases().Concat(Enumerable.Range(0, RandomCases).Select(i => RandomCase(random, i, existing))).ToList();

        foreach (var fuzz in cases)
        {
            using var request = fuzz.ToRequest();
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            answers[status] = answers.GetValueOrDefault(status) + 1;
            // 414 and 431 come from Kestrel itself, before any endpoint runs: 4xx, though not problem details.
            var allowed = status is >= 400 and < 500 || (status == 202 && fuzz.Method == HttpMethod.Post) || (status == 200 && fuzz.Method == HttpMethod.Get);
            if (!allowed)
            {
                failures.Add($"{fuzz.Name}: {status} {await response.Content.ReadAsStringAsync()}");
            }
            else if (status >= 400 && status is not (414 or 431) && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{fuzz.Name}: {status} is not problem details");
            }
            else if (status == 202)
            {
                accepted.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            if (fuzz.Expected is { } expected && status != (int)expected)
            {
                failures.Add($"{fuzz.Name}: expected {(int)expected}, got {status}");
            }
        }

        output.WriteLine($"{cases.Count} cases; answers: {string.Join(", ", answers.OrderBy(a => a.Key).Select(a => $"{a.Key}×{a.Value}"))}; {accepted.Count - 1} accepted");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => f.Length > 400 ? f[..400] : f)));
        foreach (var id in accepted)
        {
            var end = await RunClient.WaitForEndAsync(client, id, TimeSpan.FromSeconds(60));
            Assert.NotEqual("Terminated", end.GetProperty("runtimeStatus").GetString());
        }

        var health = await client.GetFromJsonAsync<JsonElement>("api/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        using var after = await RunClient.StartAsync(client, File.ReadAllText(RepositoryPaths.Portfolio("example.json")));
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    private static IEnumerable<FuzzCase> FixedCases()
    {
        var merged = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"{{\"ticker\":\"{Tickers[i % Tickers.Length]}\",\"shares\":1.5}}"));
        yield return FuzzCase.Post("10,000 holdings of six funds (merged)", "application/json", $"{{\"holdings\":[{merged}]}}", HttpStatusCode.Accepted);
        var unknown = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"{{\"ticker\":\"ZZ{i:D5}\",\"shares\":1}}"));
        yield return FuzzCase.Post("10,000 unknown tickers", "application/json", $"{{\"holdings\":[{unknown}]}}", HttpStatusCode.BadRequest);
        var padding = new string(' ', 1024 * 1024 + 1 - "{\"holdings\":[]}".Length);
        yield return FuzzCase.Post("JSON body one byte over 1 MiB", "application/json", "{\"holdings\":[]}" + padding, HttpStatusCode.RequestEntityTooLarge);
        yield return FuzzCase.Post("CSV body one byte over 1 MiB", "text/csv", Fidelity + new string('x', 1024 * 1024 + 1 - Fidelity.Length), HttpStatusCode.RequestEntityTooLarge);
        yield return FuzzCase.Post("image over 5 MiB (no vision model: 422 or 413)", "image/png", new string('x', 5 * 1024 * 1024 + 1), null);
        yield return FuzzCase.Post("nesting 100,000 deep", "application/json", "{\"holdings\":" + new string('[', 100_000), HttpStatusCode.BadRequest);
        yield return FuzzCase.Post("CSV symbol formula", "text/csv", Fidelity + "X1,Individual,\"=HYPERLINK(\"\"http://evil\"\",\"\"VTI\"\")\",Fund,10,$1,$10,$10,Cash\n", HttpStatusCode.BadRequest);
        yield return FuzzCase.Post("CSV quantity formula", "text/csv", Fidelity + "X1,Individual,VTI,Fund,=1+1,$1,$10,$10,Cash\n", HttpStatusCode.BadRequest);
        yield return FuzzCase.Post("CSV description formula on a valid row", "text/csv", Fidelity + "X1,Individual,VTI,=cmd|' /C calc'!A0,10,$1,$10,$10,Cash\n", null);
        yield return FuzzCase.Post("empty body", "application/json", "", HttpStatusCode.BadRequest);
    }

    private static FuzzCase RandomCase(Random random, int index, string existingRun)
    {
        string Pick(string[] values) => values[random.Next(values.Length)];
        string Holding(string ticker, string shares) => $"{{\"ticker\":{ticker},\"shares\":{shares}}}";
        var name = $"case {index} (seed {Seed})";
        switch (index % 10)
        {
            case 0:
                return FuzzCase.Post(name + ": random bytes", Pick(ContentTypes), RandomBytes(random));
            case 1:
                return FuzzCase.Post(name + ": odd number", "application/json", $"{{\"holdings\":[{Holding("\"VTI\"", Pick(Numbers))}]}}");
            case 2:
                return FuzzCase.Post(name + ": odd cost basis", "application/json", $"{{\"holdings\":[{{\"ticker\":\"BND\",\"shares\":3,\"costBasis\":{Pick(Numbers)}}}]}}");
            case 3:
                return FuzzCase.Post(name + ": odd ticker", "application/json", $"{{\"holdings\":[{Holding(JsonSerializer.Serialize(Pick(OddStrings)), "1")}]}}");
            case 4:
                var field = Pick(["persona", "riskProfile", "language"]);
                return FuzzCase.Post(name + $": odd {field}", "application/json", $"{{\"holdings\":[{Holding("\"VTI\"", "1")}],\"{field}\":{JsonSerializer.Serialize(Pick(OddStrings))}}}");
            case 5:
                var cells = new[] { "X1", "Individual", Pick(Tickers), "Fund", "10", "$1", "$10", "$10", "Cash" };
                cells[random.Next(cells.Length)] = Pick(OddStrings).Replace("\n", "", StringComparison.Ordinal);
                return FuzzCase.Post(name + ": odd CSV cell", "text/csv", Fidelity + string.Join(",", cells) + "\n");
            case 6:
                var example = File.ReadAllText(RepositoryPaths.Portfolio("example.json"));
                var mutated = new StringBuilder(example);
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    var at = random.Next(mutated.Length);
                    _ = random.Next(3) switch
                    {
                        0 => mutated.Remove(at, 1),
                        1 => mutated.Insert(at, (char)random.Next(0, 0x3000)),
                        _ => mutated.Remove(at, mutated.Length - at),
                    };
                }

                return FuzzCase.Post(name + ": mutated example.json", "application/json", mutated.ToString());
            case 7:
                var query = $"?persona={Uri.EscapeDataString(Pick(OddStrings))}&riskProfile={Uri.EscapeDataString(Pick(OddStrings))}&language={Uri.EscapeDataString(Pick(OddStrings))}";
                return FuzzCase.Post(name + ": odd CSV query", "text/csv", File.ReadAllText(RepositoryPaths.Portfolio("fidelity-positions.csv")), query: query);
            case 8:
                var cursor = Pick(["-1", "1e99", "99999999999999999999", "abc", "%00", "1.5", " 3", "0x10", Uri.EscapeDataString(Pick(OddStrings))]);
                return random.Next(2) == 0
                    ? FuzzCase.Get(name + ": odd cursor", $"api/analyses/{existingRun}/events?after={cursor}")
                    : FuzzCase.Get(name + ": odd Last-Event-ID", $"api/analyses/{existingRun}/events", ("Accept", "text/event-stream"), ("Last-Event-ID", Uri.EscapeDataString(Pick(OddStrings))));
            default:
                var id = Uri.EscapeDataString(Pick(OddStrings));
                return random.Next(2) == 0
                    ? FuzzCase.Get(name + ": odd run id", $"api/analyses/{id}")
                    : new FuzzCase(name + ": terminate odd run id", HttpMethod.Post, $"api/analyses/{id}/terminate?reason={id}", null, null, null, []);
        }
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 4096)];
        random.NextBytes(bytes);
        return bytes;
    }

    private sealed record FuzzCase(
        string Name, HttpMethod Method, string Path, string? ContentType, byte[]? Body, HttpStatusCode? Expected, (string Name, string Value)[] Headers)
    {
        public static FuzzCase Post(string name, string contentType, string body, HttpStatusCode? expected = null, string query = "") =>
            new(name, HttpMethod.Post, "api/analyses" + query, contentType, Encoding.UTF8.GetBytes(body), expected, []);

        public static FuzzCase Post(string name, string contentType, byte[] body) =>
            new(name, HttpMethod.Post, "api/analyses", contentType, body, null, []);

        public static FuzzCase Get(string name, string path, params (string Name, string Value)[] headers) =>
            new(name, HttpMethod.Get, path, null, null, null, headers);

        public HttpRequestMessage ToRequest()
        {
            var request = new HttpRequestMessage(Method, Path);
            if (Body is not null)
            {
                request.Content = new ByteArrayContent(Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }

            foreach (var (header, value) in Headers)
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }

            return request;
        }
    }
}
