using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qxm.Client;

/// <summary>An experiment to submit, as the server reads it: a JSON or YAML document in experiment format v1 (circuit
/// inline), or an OpenQASM program made into one.</summary>
public sealed record ExperimentSource
{
    private ExperimentSource(string content, string mediaType)
    {
        Content = content;
        MediaType = mediaType;
    }

    /// <summary>The request body.</summary>
    public string Content { get; }

    /// <summary>The body's media type: <c>application/json</c> or <c>application/yaml</c>.</summary>
    public string MediaType { get; }

    /// <summary>An experiment document as JSON text.</summary>
    public static ExperimentSource Json(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        return new ExperimentSource(json, "application/json");
    }

    /// <summary>An experiment document as YAML text (the content of an experiment file; its circuit inline, since the
    /// server cannot read the caller's files).</summary>
    public static ExperimentSource Yaml(string yaml)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(yaml);
        return new ExperimentSource(yaml, "application/yaml");
    }

    /// <summary>An OpenQASM 2 or 3 program (what <c>qiskit.qasm3.dumps</c> produces) run as an experiment named
    /// <paramref name="name"/>.</summary>
    /// <param name="program">The program's text.</param>
    /// <param name="name">The experiment's name.</param>
    /// <param name="shots">Shots per sweep point.</param>
    /// <param name="backend">The backend; null lets the server choose.</param>
    /// <param name="seed">The simulator's seed; null for a fresh one, recorded in the run's provenance.</param>
    public static ExperimentSource OpenQasm(string program, string name = "circuit", int shots = 1024, string? backend = null, ulong? seed = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(program);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(shots, 1);
        var document = new JsonObject
        {
            ["version"] = 1,
            ["name"] = name,
            ["circuit"] = new JsonObject { ["source"] = program },
            ["shots"] = shots,
        };
        if (backend is not null)
        {
            document["backend"] = backend;
        }

        if (seed is { } value)
        {
            document["seed"] = value;
        }

        return new ExperimentSource(document.ToJsonString(), "application/json");
    }

    /// <summary>An experiment as a structured document (e.g. an anonymous object or a dictionary), serialized as JSON.</summary>
    public static ExperimentSource Document(object document) =>
        new(JsonSerializer.Serialize(document ?? throw new ArgumentNullException(nameof(document)), Wire.WireJson.Options), "application/json");
}
