using System.Data.Common;
using System.Text.Json;
using Qxm.Domain.Security;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>API keys: metadata and the hash of each secret.</summary>
public abstract partial class RelationalStore : IApiKeyStore
{
    private const string KeyColumns = "id, secret_hash, principal, role, tenants, created_at, expires_at, revoked_at, rotated_to";

    public async Task CreateKeyAsync(StoredApiKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await InsertKeyAsync(connection, transaction, key, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<StoredApiKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var keys = await QueryKeysAsync(connection, null, $"SELECT {KeyColumns} FROM api_keys WHERE id = @id", cancellationToken, ("@id", keyId));
        return keys.Count > 0 ? keys[0] : null;
    }

    public async Task<IReadOnlyList<StoredApiKey>> ListKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await QueryKeysAsync(connection, null, $"SELECT {KeyColumns} FROM api_keys ORDER BY created_at DESC, id", cancellationToken);
    }

    public async Task<bool> RevokeKeyAsync(string keyId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, null, cancellationToken,
            "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
            ("@at", at.ToUnixTimeMilliseconds()), ("@id", keyId)) == 1;
    }

    public async Task<bool> RotateKeyAsync(string keyId, StoredApiKey replacement, DateTimeOffset oldExpiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);

        // The guard on rotated_to makes two concurrent rotations of one key yield one replacement: the loser updates nothing.
        var updated = await ExecuteAsync(connection, transaction, cancellationToken,
            """
            UPDATE api_keys SET rotated_to = @to, expires_at = CASE WHEN expires_at IS NOT NULL AND expires_at < @until THEN expires_at ELSE @until END
            WHERE id = @id AND revoked_at IS NULL AND rotated_to IS NULL
            """,
            ("@to", replacement.Key.Id), ("@until", oldExpiresAt.ToUnixTimeMilliseconds()), ("@id", keyId));
        if (updated != 1)
        {
            return false;
        }

        await InsertKeyAsync(connection, transaction, replacement, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static Task<int> InsertKeyAsync(DbConnection connection, DbTransaction transaction, StoredApiKey stored, CancellationToken cancellationToken)
    {
        var key = stored.Key;
        return ExecuteAsync(connection, transaction, cancellationToken,
            $"""
            INSERT INTO api_keys ({KeyColumns})
            VALUES (@id, @hash, @principal, @role, @tenants, @created, CAST(@expires AS BIGINT), CAST(@revoked AS BIGINT), CAST(@rotated AS TEXT))
            """,
            ("@id", key.Id), ("@hash", stored.SecretHash), ("@principal", key.Principal.Name), ("@role", key.Principal.Role.ToString()),
            ("@tenants", JsonSerializer.Serialize(key.Principal.Tenants, StoreJson.Options)), ("@created", key.CreatedAt.ToUnixTimeMilliseconds()),
            ("@expires", key.ExpiresAt?.ToUnixTimeMilliseconds()), ("@revoked", key.RevokedAt?.ToUnixTimeMilliseconds()), ("@rotated", key.RotatedTo));
    }

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private static async Task<IReadOnlyList<StoredApiKey>> QueryKeysAsync(
        DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<StoredApiKey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var tenants = JsonSerializer.Deserialize<string[]>(reader.GetString(4), StoreJson.Options) ?? [];
            var principal = new Principal(reader.GetString(2), Enum.Parse<Role>(reader.GetString(3)), tenants);
            var key = new ApiKey(
                reader.GetString(0),
                principal,
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                reader.IsDBNull(6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8));
            keys.Add(new StoredApiKey(key, (byte[])reader.GetValue(1)));
        }

        return keys;
    }
}
