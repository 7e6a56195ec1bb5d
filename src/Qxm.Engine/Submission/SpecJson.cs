using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Qxm.Domain.Backends;
using Qxm.Domain.Experiments;
using Qxm.Domain.Runs;

namespace Qxm.Engine.Submission;

internal static class SpecJson
{
    /// <summary>Web defaults with camel-case enums. The types a run writes are described by the source-generated
    /// <see cref="SpecJsonContext"/>, so a fresh process compiles no reflection-based serializers for them (most of the
    /// methods a short `qxm run` used to JIT-compile); any other type falls back to reflection.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(SpecJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

/// <summary>What an idempotency key's request hash covers: the tenant and the experiment as parsed.</summary>
internal sealed record RequestHashInput(string Tenant, ExperimentDefinition Experiment);

/// <summary>The result artifact's document: the run, its points and how the backend ran it.</summary>
internal sealed record ResultDocument(
    string Id, int Shots, ulong? Seed, SweepPointResult[] Points, double ExecutionSeconds, IReadOnlyDictionary<string, string>? Simulation);

[JsonSerializable(typeof(ExperimentSpec))]
[JsonSerializable(typeof(ExperimentDefinition))]
[JsonSerializable(typeof(RunOptions))]
[JsonSerializable(typeof(Target))]
[JsonSerializable(typeof(RequestHashInput))]
[JsonSerializable(typeof(ResultDocument))]
internal sealed partial class SpecJsonContext : JsonSerializerContext;
