using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Storage.Relational;

/// <summary>Per-tenant vendor credential references (migration 0017): names of where secrets are, never secrets.</summary>
public abstract partial class RelationalStore : ITenantCredentialStore
{
    private const string CredentialColumns = "tenant, backend, source, reference, client_id, set_by, set_at";

    public async Task SetTenantCredentialAsync(TenantCredential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, cancellationToken,
            $"""
            INSERT INTO tenant_credentials ({CredentialColumns}) VALUES (@tenant, @backend, @source, @reference, CAST(@client AS TEXT), @by, @at)
            ON CONFLICT (tenant, backend) DO UPDATE SET source = excluded.source, reference = excluded.reference,
                client_id = excluded.client_id, set_by = excluded.set_by, set_at = excluded.set_at
            """,
            ("@tenant", credential.Tenant), ("@backend", credential.Backend), ("@source", credential.Source), ("@reference", credential.Reference),
            ("@client", credential.ClientId), ("@by", credential.SetBy), ("@at", credential.SetAt.ToUnixTimeMilliseconds()));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RemoveTenantCredentialAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var removed = await ExecuteAsync(connection, transaction, cancellationToken,
            "DELETE FROM tenant_credentials WHERE tenant = @tenant AND backend = @backend", ("@tenant", tenant), ("@backend", backend));
        await transaction.CommitAsync(cancellationToken);
        return removed == 1;
    }

    public async Task<TenantCredential?> GetTenantCredentialAsync(string tenant, string backend, CancellationToken cancellationToken)
    {
        var found = await QueryCredentialsAsync($"SELECT {CredentialColumns} FROM tenant_credentials WHERE tenant = @tenant AND backend = @backend",
            cancellationToken, ("@tenant", tenant), ("@backend", backend));
        return found.Count > 0 ? found[0] : null;
    }

    public Task<IReadOnlyList<TenantCredential>> ListTenantCredentialsAsync(string? tenant, CancellationToken cancellationToken) =>
        tenant is null
            ? QueryCredentialsAsync($"SELECT {CredentialColumns} FROM tenant_credentials ORDER BY tenant, backend", cancellationToken)
            : QueryCredentialsAsync($"SELECT {CredentialColumns} FROM tenant_credentials WHERE tenant = @tenant ORDER BY backend", cancellationToken, ("@tenant", tenant));

#pragma warning disable CA1068 // SQL parameters are a params array, which C# requires last.
    private async Task<IReadOnlyList<TenantCredential>> QueryCredentialsAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
#pragma warning restore CA1068
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<TenantCredential>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new TenantCredential(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return found;
    }
}
