using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Qxm.Domain.Backends;

namespace Qxm.Engine.Calibration;

/// <summary>The canonical bytes of a snapshot, whose SHA-256 is its identity in the artifact store: qubits in qubit
/// order, gates by name then qubits, the time in UTC. Equal measurements give equal bytes, whatever order a source
/// listed them in.</summary>
internal static class CalibrationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(CalibrationJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static byte[] Serialize(CalibrationSnapshot snapshot)
    {
        var canonical = snapshot with
        {
            TakenAt = snapshot.TakenAt.ToUniversalTime(),
            Qubits = [.. snapshot.Qubits.OrderBy(q => q.Qubit)],
            Gates = [.. snapshot.Gates.OrderBy(g => g.Gate, StringComparer.Ordinal).ThenBy(g => string.Join(',', g.Qubits), StringComparer.Ordinal)],
        };
        return JsonSerializer.SerializeToUtf8Bytes(canonical, Options);
    }

    public static CalibrationSnapshot? Deserialize(byte[] bytes) => JsonSerializer.Deserialize<CalibrationSnapshot>(bytes, Options);
}

[JsonSerializable(typeof(CalibrationSnapshot))]
internal sealed partial class CalibrationJsonContext : JsonSerializerContext;
