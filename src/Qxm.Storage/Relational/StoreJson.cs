using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Qxm.Domain.Errors;
using Qxm.Domain.Experiments;
using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;

namespace Qxm.Storage.Relational;

internal static class StoreJson
{
    /// <summary>Web defaults with camel-case enums. The columns a run writes are described by the source-generated
    /// <see cref="StoreJsonContext"/>, so a fresh process compiles no reflection-based serializers for them; any other
    /// type falls back to reflection.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(StoreJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}

[JsonSerializable(typeof(ExperimentDefinition))]
[JsonSerializable(typeof(ExecutionFacts))]
[JsonSerializable(typeof(IReadOnlyList<SweepPointResult>))]
[JsonSerializable(typeof(SweepPointResult[]))]
[JsonSerializable(typeof(IReadOnlyList<Diagnostic>))]
[JsonSerializable(typeof(Diagnostic[]))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
