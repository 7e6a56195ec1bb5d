using System.Text.Json;
using Qxm.Domain.Errors;

namespace Qxm.Backends.Devices;

/// <summary>Reads the optional <c>drift</c> section of a device file (docs/devices.md); every mistake names its field.</summary>
internal static class DriftFileReader
{
    /// <summary>The plan, or null when the file has no <c>drift</c> section (the calibration then never changes).</summary>
    public static DriftPlan? Read(JsonElement root, string origin, int qubits)
    {
        if (!root.TryGetProperty("drift", out var drift))
        {
            return null;
        }

        if (drift.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(origin, "drift", "an object with seed, everySeconds, t1RelativeStep and jumps is expected");
        }

        var seed = drift.TryGetProperty("seed", out var s) && s.TryGetUInt64(out var parsed)
            ? parsed
            : throw Invalid(origin, "drift.seed", "a non-negative integer is required");
        var every = Number(drift, "everySeconds", origin, 1, 86_400 * 30, "a number of seconds from 1 to 2592000") ?? throw Invalid(origin, "drift.everySeconds", "a number of seconds from 1 to 2592000 is required");
        var step = Number(drift, "t1RelativeStep", origin, 0, 0.5, "a number from 0 to 0.5") ?? 0;
        var jumps = new List<DriftJump>();
        if (drift.TryGetProperty("jumps", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(origin, "drift.jumps", "a list of { afterSeconds, qubit, readoutError | t1Us | t2Us } is expected");
            }

            var index = 0;
            foreach (var jump in list.EnumerateArray())
            {
                var field = $"drift.jumps[{index++}]";
                if (jump.ValueKind != JsonValueKind.Object)
                {
                    throw Invalid(origin, field, "an object is expected");
                }

                var after = Number(jump, "afterSeconds", origin, 0, 1e9, "a non-negative number of seconds", field)
                    ?? throw Invalid(origin, $"{field}.afterSeconds", "a non-negative number of seconds is required");
                var qubit = jump.TryGetProperty("qubit", out var q) && q.TryInt32(out var number) && number >= 0 && number < qubits
                    ? number
                    : throw Invalid(origin, $"{field}.qubit", $"a qubit from 0 to {qubits - 1} is required");
                var readout = Number(jump, "readoutError", origin, 0, 0.5, "a probability from 0 to 0.5", field);
                var t1 = Number(jump, "t1Us", origin, 1e-3, 1e9, "a positive number of microseconds", field);
                var t2 = Number(jump, "t2Us", origin, 1e-3, 1e9, "a positive number of microseconds", field);
                if (readout is null && t1 is null && t2 is null)
                {
                    throw Invalid(origin, field, "a jump sets at least one of readoutError, t1Us, t2Us");
                }

                jumps.Add(new DriftJump(TimeSpan.FromSeconds(after), qubit, readout, t1, t2));
            }
        }

        return new DriftPlan(seed, TimeSpan.FromSeconds(every), step, [.. jumps.OrderBy(j => j.After)]);
    }

    private static double? Number(JsonElement element, string field, string origin, double min, double max, string expected, string? parent = null)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return null;
        }

        var name = parent is null ? $"drift.{field}" : $"{parent}.{field}";
        return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var number && number >= min && number <= max
            ? number
            : throw Invalid(origin, name, expected + " is expected");
    }

    private static QxmException Invalid(string origin, string field, string message) => new($"device file {origin}: {field}: {message}");
}
