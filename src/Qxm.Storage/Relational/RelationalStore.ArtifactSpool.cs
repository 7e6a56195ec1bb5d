using Qxm.Domain.Provenance;
using Qxm.Domain.Runs;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Results' documents spooled in the result's transaction until the artifact store holds them (migration 0020,
/// decision 0043).</summary>
public abstract partial class RelationalStore : IArtifactSpool
{
    /// <summary>A document already spooled (the same bytes) stays as it is.</summary>
    private const string SpoolSql =
        "INSERT INTO artifact_spool (hash, content, spooled_at) VALUES (@hash, @content, @now) ON CONFLICT (hash) DO NOTHING";

    public Task<bool> CompleteSpooledAsync(RunResult result, ExecutionFacts? execution, ReadOnlyMemory<byte> document, string actor, CancellationToken cancellationToken) =>
        CompleteAsync(result, execution, document.ToArray(), actor, cancellationToken);

    public async Task<byte[]?> GetSpooledAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT content FROM artifact_spool WHERE hash = @hash", ("@hash", hash));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<string>> ListSpooledAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT hash FROM artifact_spool WHERE spooled_at < @before ORDER BY spooled_at, hash LIMIT @limit",
            ("@before", before.ToUnixTimeMilliseconds()), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hashes = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            hashes.Add(reader.GetString(0));
        }

        return hashes;
    }

    /// <summary>A write of the group commit: removing spooled rows rides with the results and claims committing anyway.</summary>
    public Task UnspoolAsync(IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        return hashes.Count == 0
            ? Task.CompletedTask
            : WriteInGroupAsync("unspool", async (_, _, statements) =>
            {
                foreach (var hash in hashes)
                {
                    await statements.Get("DELETE FROM artifact_spool WHERE hash = @hash", ("@hash", hash)).ExecuteNonQueryAsync(CancellationToken.None);
                }

                return true;
            }, cancellationToken);
    }
}
