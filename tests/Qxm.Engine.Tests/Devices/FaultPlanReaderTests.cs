using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Qxm.Backends.Contract;
using Qxm.Backends.Devices;
using Qxm.Domain.Errors;

namespace Qxm.Engine.Tests.Devices;

public sealed class FaultPlanReaderTests
{
    private const string Faults = """
        { "faults": { "seed": 7,
            "rateLimited": { "probability": 0.3, "retryAfterSeconds": 1 },
            "transient": { "probability": 0.1 },
            "timeout": { "probability": 0.05, "seconds": 20 },
            "authExpiredEvery": 100,
            "malformedResult": { "probability": 0.01 },
            "outages": [ { "afterSeconds": 10, "forSeconds": 60 } ] },
          "queue": { "delaySeconds": 5 } }
        """;

    [Fact]
    public void Read_TheDocumentedSection_GivesEveryField()
    {
        using var document = JsonDocument.Parse(Faults);

        var plan = FaultPlanReader.Read(document.RootElement, "d.json");

        Assert.Equal(new FaultPlan(7, 0.3, 1, 0.1, 0.05, 20, 100, 0.01, plan.Outages), plan);
        Assert.Equal([new FaultOutage(10, 60)], plan.Outages);
        Assert.Equal(TimeSpan.FromSeconds(5), FaultPlanReader.ReadQueueDelay(document.RootElement, "d.json"));
    }

    [Theory]
    [InlineData("""{ "faults": { "transient": { "probability": 1.5 } } }""", "device file d.json: transient.probability: a number from 0 to 1 is required")]
    [InlineData("""{ "faults": { "flaky": true } }""", "device file d.json: faults.flaky: unknown field")]
    [InlineData("""{ "faults": { "rateLimited": { "probability": 0.6 }, "transient": { "probability": 0.6 } } }""", "must sum to at most 1")]
    [InlineData("""{ "faults": { "outages": [ { "afterSeconds": 1 } ] } }""", "faults.outages")]
    [InlineData("""{ "faults": { "authExpiredEvery": 0 } }""", "faults.authExpiredEvery")]
    public void Read_AMistake_NamesTheField(string json, string said)
    {
        using var document = JsonDocument.Parse(json);

        var error = Assert.Throws<QxmException>(() => FaultPlanReader.Read(document.RootElement, "d.json"));

        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Injector_UnderOneSeed_InjectsTheSameFaultsWhateverTheOrderOfCalls()
    {
        using var document = JsonDocument.Parse(Faults);
        var plan = FaultPlanReader.Read(document.RootElement, "d.json") with { AuthExpiredEvery = 0, Outages = [] };
        var keys = Enumerable.Range(0, 200).Select(i => $"k{i}").ToList();

        var forward = Outcomes(new FaultInjector(plan, new FakeTimeProvider()), keys);
        var backward = Outcomes(new FaultInjector(plan, new FakeTimeProvider()), [.. Enumerable.Reverse(keys)]);

        Assert.Equal(forward.OrderBy(p => p.Key), backward.OrderBy(p => p.Key));
        var rateLimited = forward.Values.Count(v => v == nameof(BackendErrorKind.RateLimited));
        Assert.InRange(rateLimited, 40, 80);
    }

    private static Dictionary<string, string> Outcomes(FaultInjector injector, List<string> keys) =>
        keys.ToDictionary(k => k, k =>
        {
            try
            {
                return injector.Enter("submit", k, k, faultable: true).ToString();
            }
            catch (BackendException e)
            {
                return e.Kind.ToString();
            }
        });
}
