using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Qxm.Backends.Devices;

/// <summary>The far side of a fake device: the jobs it accepted. With a directory it keeps them in files, so they
/// outlive the qxm process that submitted them, as a vendor's jobs do (the crash tests rely on it). Job ids carry a
/// hash of their idempotency key, so a lookup by key reads only that key's files.</summary>
internal sealed class FakeJobLedger(string device, string? directory)
{
    private readonly ConcurrentDictionary<string, FakeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public FakeJob Add(string key, DateTimeOffset submittedAt, TimeSpan queueDelay, byte[] answer)
    {
        lock (_gate)
        {
            var prefix = Prefix(key);
            var job = new FakeJob($"{prefix}{JobsFor(key).Count}", key, submittedAt, submittedAt + queueDelay, answer);
            Save(job);
            return job;
        }
    }

    public FakeJob? Get(string jobId)
    {
        if (_jobs.TryGetValue(jobId, out var job))
        {
            return job;
        }

        if (directory is null || jobId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            return null;
        }

        var path = Path.Combine(directory, jobId + ".json");
        return File.Exists(path) ? Load(path) : null;
    }

    /// <summary>Every job accepted under the key, first first.</summary>
    public IReadOnlyList<FakeJob> JobsFor(string key)
    {
        var prefix = Prefix(key);
        if (directory is not null && Directory.Exists(directory))
        {
            foreach (var path in Directory.EnumerateFiles(directory, prefix + "*.json"))
            {
                Load(path);
            }
        }

        return [.. _jobs.Values.Where(j => j.Key == key).OrderBy(j => j.SubmittedAt).ThenBy(j => j.Id, StringComparer.Ordinal)];
    }

    public int Waiting(DateTimeOffset now, DateTimeOffset readyAt) => _jobs.Values.Count(j => !j.Cancelled && j.ReadyAt > now && j.ReadyAt <= readyAt);

    public void Save(FakeJob job)
    {
        _jobs[job.Id] = job;
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, job.Id + ".json");
            var temp = path + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(job));
            File.Move(temp, path, overwrite: true);
        }
    }

    private FakeJob Load(string path)
    {
        var job = JsonSerializer.Deserialize<FakeJob>(File.ReadAllBytes(path))!;
        return _jobs.GetOrAdd(job.Id, job);
    }

    private string Prefix(string key) =>
        $"{device}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}-";
}
