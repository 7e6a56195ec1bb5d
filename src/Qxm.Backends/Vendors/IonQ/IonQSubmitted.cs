using System.Text.Json;
using Qxm.Backends.Contract;

namespace Qxm.Backends.Vendors.IonQ;

/// <summary>What turns a job's distributions into counts: a measurement map per circuit and the shots. Travels in the
/// job's metadata (<see cref="MapsField"/>), so it is read back from IonQ after a restart.</summary>
internal sealed record IonQSubmitted(IReadOnlyList<MeasurementMap> Maps, int Shots)
{
    public const string MapsField = "qxm_measure";

    /// <summary>IonQ's limit on one metadata value.</summary>
    public const int MaxMetadataValue = 400;

    public string Encode() => string.Join(';', Maps.Select(m => m.Encode()));

    public static IonQSubmitted FromJob(string jobId, JsonElement job)
    {
        var shots = job.TryGetProperty("shots", out var s) && s.TryInt32(out var n) ? n : 0;
        if (job.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            && metadata.TryGetProperty(MapsField, out var field) && field.GetString() is { } text && shots > 0)
        {
            var maps = text.Split(';').Select(MeasurementMap.Decode).ToList();
            if (maps.All(m => m is not null))
            {
                return new IonQSubmitted([.. maps.Select(m => m!)], shots);
            }
        }

        throw new BackendException(BackendErrorKind.Fatal,
            $"IonQ job {jobId} does not say which clbits its qubits were measured into (its metadata has no readable '{MapsField}'), and this process did not submit it",
            rawAnswer: JsonSerializer.SerializeToUtf8Bytes(job));
    }
}
