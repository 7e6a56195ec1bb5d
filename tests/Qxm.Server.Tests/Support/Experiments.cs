using System.Text.Json.Nodes;

namespace Qxm.Server.Tests.Support;

/// <summary>Experiment documents as clients send them: format v1 with the circuit inline.</summary>
internal static class Experiments
{
    public const string BellCircuit = """
        OPENQASM 2.0;
        include "qelib1.inc";
        qreg q[2];
        creg c[2];
        h q[0];
        cx q[0], q[1];
        measure q -> c;
        """;

    public static string Json(string circuit, int shots = 1000, string name = "bell", ulong seed = 42, Action<JsonObject>? edit = null)
    {
        var document = new JsonObject
        {
            ["version"] = 1,
            ["name"] = name,
            ["circuit"] = new JsonObject { ["source"] = circuit },
            ["shots"] = shots,
            ["seed"] = seed,
        };
        edit?.Invoke(document);
        return document.ToJsonString();
    }

    public static string Yaml(string circuit, int shots = 1000, string name = "bell") =>
        $"""
        version: 1
        name: {name}
        circuit:
          source: |
        {Indent(circuit, "    ")}
        shots: {shots}
        seed: 7
        tags: [yaml]
        """;

    /// <summary>A circuit that keeps a worker busy for a while: many layers of gates over many qubits.</summary>
    public static string Heavy(int qubits, int layers)
    {
        var source = new System.Text.StringBuilder($"OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[{qubits}];\ncreg c[{qubits}];\n");
        for (var layer = 0; layer < layers; layer++)
        {
            for (var q = 0; q < qubits; q++)
            {
                source.Append(System.Globalization.CultureInfo.InvariantCulture, $"h q[{q}];\nrz(0.{layer + 1}) q[{q}];\n");
            }

            for (var q = 0; q + 1 < qubits; q++)
            {
                source.Append(System.Globalization.CultureInfo.InvariantCulture, $"cx q[{q}], q[{q + 1}];\n");
            }
        }

        source.Append("measure q -> c;\n");
        return source.ToString();
    }

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => prefix + line));
}
