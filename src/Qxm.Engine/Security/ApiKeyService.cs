using System.Collections.Concurrent;
using System.Security.Cryptography;
using Qxm.Domain.Errors;
using Qxm.Domain.Security;
using Qxm.Engine.Persistence;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Security;

/// <summary>Issues, rotates and revokes API keys and verifies presented ones. Verified keys are cached for
/// <see cref="CacheFor"/> so a request costs one hash, not a query; a revocation or rotation made here drops the cached
/// key at once, one made by another instance is seen when the cached entry ages out.</summary>
public sealed class ApiKeyService
{
    public static readonly TimeSpan DefaultCacheFor = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxCacheFor = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(30);
    private const int MaxNameLength = 128;
    private const int MaxTenants = 64;

    private readonly IApiKeyStore _store;
    private readonly TenantCatalog _tenants;
    private readonly IAccessAudit _audit;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (StoredApiKey Key, DateTimeOffset Fetched)> _cache = new(StringComparer.Ordinal);

    public ApiKeyService(IApiKeyStore store, TenantCatalog tenants, IAccessAudit audit, TimeProvider time, TimeSpan? cacheFor = null)
    {
        _store = store;
        _tenants = tenants;
        _audit = audit;
        _time = time;
        CacheFor = cacheFor ?? DefaultCacheFor;
        if (CacheFor < TimeSpan.Zero || CacheFor > MaxCacheFor)
        {
            throw new ArgumentOutOfRangeException(nameof(cacheFor), CacheFor, $"the key cache lasts between 0 and {MaxCacheFor.TotalMinutes:0} minutes");
        }
    }

    /// <summary>The longest another instance keeps accepting a key revoked here.</summary>
    public TimeSpan CacheFor { get; }

    /// <summary>The principal a presented key acts as; null for anything that is not a valid, unexpired, unrevoked key.</summary>
    public async Task<Principal?> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presented, out var id, out var secret))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        StoredApiKey? stored;
        if (_cache.TryGetValue(id, out var cached) && now - cached.Fetched < CacheFor)
        {
            stored = cached.Key;
        }
        else
        {
            stored = await _store.GetKeyAsync(id, cancellationToken);
            if (stored is null)
            {
                _cache.TryRemove(id, out _);
                return null;
            }

            _cache[id] = (stored, now);
        }

        // The hash is compared in constant time, so the answer's timing says nothing about how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(stored.SecretHash, ApiKeyFormat.Hash(secret)) && stored.Key.IsValidAt(now)
            ? stored.Key.Principal
            : null;
    }

    public async Task<KeyOutcome> CreateAsync(NewKeyRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = Check(request);
        if (problems.Count > 0)
        {
            return new KeyOutcome(null, problems);
        }

        var (id, secret) = ApiKeyFormat.Generate();
        var principal = new Principal(request.Principal.Trim(), request.Role, [.. request.Tenants.Distinct(StringComparer.Ordinal)]);
        var key = new ApiKey(id, principal, _time.GetUtcNow(), request.ExpiresAt, null, null);
        await _store.CreateKeyAsync(new StoredApiKey(key, ApiKeyFormat.Hash(secret)), cancellationToken);
        Report(AccessEventKind.KeyCreated, "keys.create", actor, key, $"for {principal.Name} as {principal.Role}");
        return new KeyOutcome(new IssuedKey(key, ApiKeyFormat.Compose(id, secret)), []);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await _store.ListKeysAsync(cancellationToken)).Select(k => k.Key)];

    public async Task<bool> RevokeAsync(string keyId, string actor, CancellationToken cancellationToken)
    {
        var revoked = await _store.RevokeKeyAsync(keyId, _time.GetUtcNow(), cancellationToken);
        _cache.TryRemove(keyId, out _);
        if (revoked)
        {
            _audit.Record(new AccessEvent(AccessEventKind.KeyRevoked, "keys.revoke", actor, null, keyId, null, _time.GetUtcNow()));
        }

        return revoked;
    }

    public async Task<KeyOutcome> RotateAsync(string keyId, TimeSpan overlap, string actor, CancellationToken cancellationToken)
    {
        if (overlap < TimeSpan.Zero || overlap > MaxOverlap)
        {
            return new KeyOutcome(null, [new Diagnostic("key.overlap", $"the overlap must be between 0 and {MaxOverlap.TotalDays:0} days", Path: "overlap")]);
        }

        var now = _time.GetUtcNow();
        var old = await _store.GetKeyAsync(keyId, cancellationToken);
        if (old is null || !old.Key.IsValidAt(now) || old.Key.RotatedTo is not null)
        {
            return new KeyOutcome(null, [new Diagnostic("key.not-found", $"no valid key with id '{keyId}' to rotate")], NotFound: true);
        }

        var (id, secret) = ApiKeyFormat.Generate();
        var key = new ApiKey(id, old.Key.Principal, now, old.Key.ExpiresAt, null, null);
        var oldUntil = now + overlap;
        if (!await _store.RotateKeyAsync(keyId, new StoredApiKey(key, ApiKeyFormat.Hash(secret)), oldUntil, cancellationToken))
        {
            return new KeyOutcome(null, [new Diagnostic("key.not-found", $"no valid key with id '{keyId}' to rotate")], NotFound: true);
        }

        _cache.TryRemove(keyId, out _);
        var replaced = (await _store.GetKeyAsync(keyId, cancellationToken))?.Key;
        Report(AccessEventKind.KeyRotated, "keys.rotate", actor, key, $"replaces {keyId}, which stops working at {oldUntil:O}");
        return new KeyOutcome(new IssuedKey(key, ApiKeyFormat.Compose(id, secret), replaced), []);
    }

    private List<Diagnostic> Check(NewKeyRequest request)
    {
        var problems = new List<Diagnostic>();
        var name = request.Principal?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' or ':'))
        {
            problems.Add(new Diagnostic("key.principal",
                $"the principal is a name of 1 to {MaxNameLength} letters, digits and . _ - @ :", Path: "principal"));
        }

        if (!Enum.IsDefined(request.Role))
        {
            problems.Add(new Diagnostic("key.role", "the role is one of viewer, submitter, operator, admin", Path: "role"));
        }

        if (request.Tenants is null || request.Tenants.Count is 0 or > MaxTenants)
        {
            problems.Add(new Diagnostic("key.tenants", $"a key belongs to 1 to {MaxTenants} tenants", Path: "tenants"));
        }
        else
        {
            foreach (var tenant in request.Tenants.Where(t => t is null || !_tenants.TryGet(t, out _)))
            {
                problems.Add(new Diagnostic("key.unknown-tenant", $"unknown tenant '{tenant}'", Path: "tenants"));
            }
        }

        if (request.ExpiresAt is { } expires && expires <= _time.GetUtcNow())
        {
            problems.Add(new Diagnostic("key.expiry", "the expiry is in the past", Path: "expiresAt"));
        }

        return problems;
    }

    private void Report(AccessEventKind kind, string action, string actor, ApiKey key, string reason) =>
        _audit.Record(new AccessEvent(kind, action, actor, key.Principal.Tenants.Count > 0 ? key.Principal.Tenants[0] : null, key.Id, reason, _time.GetUtcNow()));
}
