using System.Text.Json.Nodes;
using Qxm.Domain.Experiments;

namespace Qxm.Cli.Remote;

/// <summary>Writes an experiment back as a format-v1 JSON document with the circuit inline: what the server accepts,
/// since it cannot read the client's files.</summary>
internal static class ExperimentDocument
{
    public static JsonObject ToJson(ExperimentDefinition experiment)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var document = new JsonObject
        {
            ["version"] = 1,
            ["name"] = experiment.Name,
            ["circuit"] = new JsonObject { ["source"] = experiment.CircuitSource },
        };
        if (experiment.Parameters.Count > 0)
        {
            var parameters = new JsonObject();
            foreach (var axis in experiment.Parameters)
            {
                parameters[axis.Name] = axis.Values.Count == 1
                    ? JsonValue.Create(axis.Values[0])
                    : new JsonArray([.. axis.Values.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }

            document["parameters"] = parameters;
            document["sweep"] = experiment.Sweep == SweepMode.Zip ? "zip" : "grid";
        }

        document["shots"] = experiment.Shots;
        if (experiment.Backend != ExperimentDefinition.AnyBackend)
        {
            document["backend"] = experiment.Backend;
        }

        if (experiment.Requirements is { } requirements)
        {
            document["requirements"] = Requirements(requirements);
        }

        if (experiment.Seed is { } seed)
        {
            document["seed"] = seed;
        }

        document["priority"] = experiment.Priority;
        if (experiment.Failover is { } failover)
        {
            document["failover"] = new JsonArray([.. failover.Select(b => (JsonNode?)JsonValue.Create(b))]);
        }

        if (experiment.Cache != CachePolicy.Never)
        {
            document["cache"] = experiment.Cache == CachePolicy.Allow ? "allow" : "allow-hardware";
        }

        if (experiment.OnDrift is { } onDrift)
        {
            document["onDrift"] = onDrift.ToString().ToLowerInvariant();
        }

        if (experiment.Options is { } options)
        {
            var written = new JsonObject();
            if (options.Threads is { } threads)
            {
                written["threads"] = threads;
            }

            if (options.Precision is { } precision)
            {
                written["precision"] = precision;
            }

            document["options"] = written;
        }
        if (experiment.Tags.Count > 0)
        {
            document["tags"] = new JsonArray([.. experiment.Tags.Select(t => (JsonNode?)JsonValue.Create(t))]);
        }

        return document;
    }

    private static JsonObject Requirements(BackendRequirements requirements)
    {
        var json = new JsonObject();
        if (requirements.MinQubits is { } min)
        {
            json["minQubits"] = min;
        }

        if (requirements.NativeGates is { } gates)
        {
            json["nativeGates"] = new JsonArray([.. gates.Select(g => (JsonNode?)JsonValue.Create(g))]);
        }

        json["connectivity"] = requirements.Connectivity switch
        {
            Connectivity.AllToAll => "all-to-all",
            Connectivity.Linear => "linear",
            _ => "any",
        };
        if (requirements.MaxCostPerShot is { } cost)
        {
            json["maxCostPerShot"] = cost;
        }

        return json;
    }
}
