using System.Globalization;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors.IonQ;

namespace Qxm.Backends.Vendors.Braket;

/// <summary>A task's <c>results.json</c> (<c>braket.task_result.gate_model_task_result</c>) as qxm's counts. Braket reports
/// the measured qubits (<c>measuredQubits</c>) and either every shot's bits over them (<c>measurements</c>) or their
/// distribution (<c>measurementProbabilities</c>, a bit string in <c>measuredQubits</c> order); the program the task ran
/// (<c>additionalMetadata.action.source</c>) says which clbit each qubit was measured into. Counts are keyed by clbit,
/// clbit 0 rightmost, like every backend's.</summary>
internal static class BraketResults
{
    public const string SchemaName = "braket.task_result.gate_model_task_result";

    /// <summary>The counts and, for a simulator, the execution time Braket bills (milliseconds in the result).</summary>
    public static (IReadOnlyDictionary<string, long> Counts, double? ExecutionSeconds) Read(JsonElement root, int shots, ReadOnlyMemory<byte> raw)
    {
        try
        {
            var schema = root.GetProperty("braketSchemaHeader").GetProperty("name").GetString();
            if (schema != SchemaName)
            {
                throw new BackendException(BackendErrorKind.Fatal, $"the task's result is a '{schema}', not a gate-model result", rawAnswer: raw);
            }

            var source = root.GetProperty("additionalMetadata").GetProperty("action").GetProperty("source").GetString() ?? "";
            var circuit = BraketProgram.Read(source)
                ?? throw new BackendException(BackendErrorKind.Fatal, "the program in the task's result could not be read back", rawAnswer: raw);
            var map = MeasurementMap.Of(circuit);
            var measured = root.GetProperty("measuredQubits").EnumerateArray().Select(q => q.GetInt32()).ToArray();
            if (measured.Any(q => q is < 0 or >= 64))
            {
                throw new BackendException(BackendErrorKind.Fatal, "the task's result measured a qubit qxm cannot index", rawAnswer: raw);
            }

            double? seconds = root.TryGetProperty("additionalMetadata", out var extra) && extra.TryGetProperty("simulatorMetadata", out var simulator)
                && simulator.ValueKind == JsonValueKind.Object && simulator.TryGetProperty("executionDuration", out var ms) && ms.TryDouble(out var duration) ? duration / 1000 : null;
            if (root.TryGetProperty("measurements", out var measurements) && measurements.ValueKind == JsonValueKind.Array)
            {
                var histogram = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var shot in measurements.EnumerateArray())
                {
                    if (shot.GetArrayLength() != measured.Length)
                    {
                        throw new BackendException(BackendErrorKind.Fatal, $"a shot has {shot.GetArrayLength()} bits for {measured.Length} measured qubits", rawAnswer: raw);
                    }

                    var state = 0UL;
                    var i = 0;
                    foreach (var bit in shot.EnumerateArray())
                    {
                        state |= (ulong)(bit.GetInt32() & 1) << measured[i++];
                    }

                    var key = state.ToString(CultureInfo.InvariantCulture);
                    histogram[key] = histogram.GetValueOrDefault(key) + 1;
                }

                return (map.CountsFromHistogram(histogram), seconds);
            }

            var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var entry in root.GetProperty("measurementProbabilities").EnumerateObject())
            {
                if (entry.Name.Length != measured.Length || entry.Name.Any(c => c is not ('0' or '1')))
                {
                    throw new BackendException(BackendErrorKind.Fatal, $"'{entry.Name}' is not a state of the {measured.Length} measured qubits", rawAnswer: raw);
                }

                var state = 0UL;
                for (var i = 0; i < measured.Length; i++)
                {
                    state |= (ulong)(entry.Name[i] - '0') << measured[i];
                }

                var key = state.ToString(CultureInfo.InvariantCulture);
                probabilities[key] = probabilities.GetValueOrDefault(key) + entry.Value.GetDouble();
            }

            return (map.CountsFromProbabilities(probabilities, shots, raw), seconds);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"the task's results.json could not be read: {e.Message}", rawAnswer: raw);
        }
    }
}
