using System.Globalization;
using System.Text.Json;
using Qxm.Backends.Contract;
using Qxm.Backends.Vendors.IonQ;

namespace Qxm.Backends.Vendors.Azure;

/// <summary>An Azure job's details and output read into qxm's terms: its state, failure, cost and duration, the metadata
/// qxm put on it, and its provider's output turned into counts (IonQ's histogram of probabilities, Quantinuum's per-shot
/// register values).</summary>
internal static class AzureJobDocument
{
    public static IReadOnlyDictionary<string, long> IonQCounts(string id, JsonElement job, byte[] body)
    {
        var map = Metadata(job, AzureBackend.MeasureField) is { } text ? MeasurementMap.Decode(text) : null;
        var shots = job.TryGetProperty("inputParams", out var p) && p.TryGetProperty("shots", out var s) && s.TryInt32(out var n) ? n : 0;
        if (map is null || shots <= 0)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"Azure job {id} does not say how its qubits were measured ({AzureBackend.MeasureField}) or its shots", rawAnswer: body);
        }

        using var document = Output(body, id);
        if (!document.RootElement.TryGetProperty("histogram", out var histogram) || histogram.ValueKind != JsonValueKind.Object)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"the output of Azure job {id} has no histogram", rawAnswer: body);
        }

        var probabilities = histogram.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.TryDouble(out var v) ? v : double.NaN, StringComparer.Ordinal);
        return map.CountsFromProbabilities(probabilities, shots, body);
    }

    /// <summary>Quantinuum returns each register's value per shot; qxm sends one register <c>c</c> of every clbit, so each
    /// string is already qxm's bit string.</summary>
    public static Dictionary<string, long> QuantinuumCounts(string id, JsonElement job, byte[] body)
    {
        var clbits = int.TryParse(Metadata(job, AzureBackend.ClbitsField), NumberStyles.None, CultureInfo.InvariantCulture, out var width) ? width : -1;
        using var document = Output(body, id);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (clbits == 0)
        {
            var shots = job.TryGetProperty("inputParams", out var p) && p.TryGetProperty("count", out var c) && c.TryInt64(out var n) ? n : 0;
            counts[""] = shots;
            return counts;
        }

        if (!document.RootElement.TryGetProperty("c", out var shotsOf) || shotsOf.ValueKind != JsonValueKind.Array)
        {
            throw new BackendException(BackendErrorKind.Fatal, $"the output of Azure job {id} has no values for register c", rawAnswer: body);
        }

        foreach (var shot in shotsOf.EnumerateArray())
        {
            var bits = shot.GetString();
            if (bits is null || (clbits > 0 && bits.Length != clbits) || bits.Any(b => b is not ('0' or '1')))
            {
                throw new BackendException(BackendErrorKind.Fatal, $"the output of Azure job {id} has a shot '{bits}' that is not {clbits} bits", rawAnswer: body);
            }

            counts[bits] = counts.GetValueOrDefault(bits) + 1;
        }

        return counts;
    }

    public static JsonDocument Output(byte[] body, string id)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new BackendException(BackendErrorKind.Transient, $"the output of Azure job {id} is not valid JSON ({e.Message})", rawAnswer: body);
        }
    }

    public static BackendJobState State(string id, JsonElement job)
    {
        var status = job.TryGetProperty("status", out var s) ? s.GetString() : null;
        return status switch
        {
            "Waiting" or "Queued" => new BackendJobState(BackendJobStatus.Queued),
            "Executing" or "Finishing" or "CancellationRequested" or "Cancelling" => new BackendJobState(BackendJobStatus.Running),
            "Succeeded" => new BackendJobState(BackendJobStatus.Completed),
            "Cancelled" => new BackendJobState(BackendJobStatus.Cancelled, Message: "cancelled at Azure Quantum"),
            "Failed" => new BackendJobState(BackendJobStatus.Failed, Message: Failure(job)),
            _ => throw new BackendException(BackendErrorKind.Transient, $"Azure Quantum reports job {id} in a state qxm does not know: '{status}'",
                rawAnswer: JsonSerializer.SerializeToUtf8Bytes(job)),
        };
    }

    public static string Failure(JsonElement job) =>
        job.TryGetProperty("errorData", out var error) && error.ValueKind == JsonValueKind.Object
            ? $"{(error.TryGetProperty("code", out var code) ? code.GetString() : "failed")}: {(error.TryGetProperty("message", out var message) ? message.GetString() : "")}"
            : "failed at Azure Quantum";

    public static decimal? Cost(JsonElement job) =>
        job.TryGetProperty("costEstimate", out var estimate) && estimate.ValueKind == JsonValueKind.Object
            && estimate.TryGetProperty("currencyCode", out var currency) && currency.GetString() == "USD"
            && estimate.TryGetProperty("estimatedTotal", out var total) && total.TryDecimal(out var usd)
            ? usd
            : null;

    public static double Duration(JsonElement job) =>
        job.TryGetProperty("beginExecutionTime", out var begin) && begin.TryGetDateTimeOffset(out var from)
            && job.TryGetProperty("endExecutionTime", out var end) && end.TryGetDateTimeOffset(out var to) && to > from
            ? (to - from).TotalSeconds
            : 0;

    public static string? Metadata(JsonElement job, string field) =>
        job.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
