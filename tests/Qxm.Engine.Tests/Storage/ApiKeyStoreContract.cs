using Microsoft.Extensions.Time.Testing;
using Qxm.Domain.Security;
using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;
using Qxm.Engine.Security;
using Qxm.Engine.Tenancy;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every API key store must do, and the key service over it: run on SQLite and a real PostgreSQL.</summary>
public abstract class ApiKeyStoreContract : IAsyncLifetime
{
    private static readonly TenantCatalog Tenants = new([new Tenant { Id = "alpha" }, new Tenant { Id = "beta" }]);

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected abstract IApiKeyStore Keys { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    private RecordingAudit Audit { get; } = new();

    private ApiKeyService Service(TimeSpan? cacheFor = null) => new(Keys, Tenants, Audit, Clock, cacheFor);

    [SkippableFact]
    public async Task Create_StoresHashAndMetadataNeverTheSecret()
    {
        var issued = (await Service().CreateAsync(new NewKeyRequest("ada", Role.Operator, ["alpha", "beta"]), "root", default)).Issued!;

        var stored = await Keys.GetKeyAsync(issued.Key.Id, default);
        Assert.NotNull(stored);
        Assert.Equal(issued.Key, stored.Key with { Principal = issued.Key.Principal });
        Assert.Equal(["alpha", "beta"], stored.Key.Principal.Tenants);
        Assert.Equal(Role.Operator, stored.Key.Principal.Role);
        Assert.Equal(32, stored.SecretHash.Length);
        Assert.True(ApiKeyFormat.TryParse(issued.Secret, out var id, out var secret));
        Assert.Equal(issued.Key.Id, id);
        Assert.Equal(ApiKeyFormat.Hash(secret), stored.SecretHash);
        Assert.NotEqual(System.Text.Encoding.UTF8.GetBytes(secret), stored.SecretHash);
        Assert.Contains(Audit.Events, e => e.Kind == AccessEventKind.KeyCreated && e.Target == id && e.Principal == "root");
    }

    [SkippableFact]
    public async Task Verify_ValidKey_IsItsPrincipal_AndAnyAlteredKeyIsNot()
    {
        var service = Service();
        var issued = (await service.CreateAsync(new NewKeyRequest("ada", Role.Submitter, ["alpha"]), "root", default)).Issued!;

        Assert.Equal("ada", (await service.VerifyAsync(issued.Secret, default))?.Name);
        var last = issued.Secret[^1] == 'A' ? 'B' : 'A';
        Assert.Null(await service.VerifyAsync(issued.Secret[..^1] + last, default));
        Assert.Null(await service.VerifyAsync(issued.Secret[..^1], default));
        Assert.Null(await service.VerifyAsync(ApiKeyFormat.Compose("0123456789abcdef", issued.Secret[^43..]), default));
        Assert.Null(await service.VerifyAsync("", default));
    }

    [SkippableFact]
    public async Task Verify_AfterExpiry_IsRefused()
    {
        var service = Service();
        var issued = (await service.CreateAsync(new NewKeyRequest("ada", Role.Viewer, ["alpha"], Clock.GetUtcNow().AddHours(1)), "root", default)).Issued!;

        Assert.NotNull(await service.VerifyAsync(issued.Secret, default));
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Null(await service.VerifyAsync(issued.Secret, default));
    }

    [SkippableFact]
    public async Task Revoke_RefusedAtOnceHere_AndByAnotherInstanceWhenItsCacheAgesOut()
    {
        var here = Service();
        var elsewhere = Service(TimeSpan.FromSeconds(10));
        var issued = (await here.CreateAsync(new NewKeyRequest("ada", Role.Viewer, ["alpha"]), "root", default)).Issued!;
        Assert.NotNull(await elsewhere.VerifyAsync(issued.Secret, default));
        Assert.NotNull(await here.VerifyAsync(issued.Secret, default));

        Assert.True(await here.RevokeAsync(issued.Key.Id, "root", default));

        Assert.Null(await here.VerifyAsync(issued.Secret, default));
        Assert.NotNull(await elsewhere.VerifyAsync(issued.Secret, default));
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(await elsewhere.VerifyAsync(issued.Secret, default));
        Assert.False(await here.RevokeAsync(issued.Key.Id, "root", default));
        Assert.Single(Audit.Events, e => e.Kind == AccessEventKind.KeyRevoked);
    }

    [SkippableFact]
    public async Task Rotate_OldKeyWorksUntilTheOverlapEnds_NewKeyAfter()
    {
        var service = Service(TimeSpan.Zero);
        var old = (await service.CreateAsync(new NewKeyRequest("svc", Role.Submitter, ["beta"]), "root", default)).Issued!;

        var rotated = await service.RotateAsync(old.Key.Id, TimeSpan.FromMinutes(30), "root", default);

        var replacement = rotated.Issued!;
        Assert.Equal(old.Key.Principal, replacement.Key.Principal with { Tenants = old.Key.Principal.Tenants });
        Assert.Equal(Clock.GetUtcNow().AddMinutes(30), replacement.Replaced!.ExpiresAt);
        Assert.Equal(replacement.Key.Id, replacement.Replaced.RotatedTo);
        Assert.NotNull(await service.VerifyAsync(old.Secret, default));
        Assert.NotNull(await service.VerifyAsync(replacement.Secret, default));
        Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(await service.VerifyAsync(old.Secret, default));
        Assert.Equal("svc", (await service.VerifyAsync(replacement.Secret, default))?.Name);
        Assert.True((await service.RotateAsync(old.Key.Id, TimeSpan.Zero, "root", default)).NotFound);
    }

    [SkippableFact]
    public async Task Rotate_Concurrently_YieldsOneReplacement()
    {
        var service = Service();
        var old = (await service.CreateAsync(new NewKeyRequest("svc", Role.Viewer, ["alpha"]), "root", default)).Issued!;
        var stored = (await Keys.GetKeyAsync(old.Key.Id, default))!;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Keys.RotateKeyAsync(
            old.Key.Id, stored with { Key = stored.Key with { Id = $"{i:x16}" } }, Clock.GetUtcNow(), default))));

        Assert.Single(attempts, won => won);
        Assert.Equal(2, (await Keys.ListKeysAsync(default)).Count);
    }

    [SkippableFact]
    public async Task Create_InvalidRequests_AreRefusedWithDiagnostics()
    {
        var service = Service();

        var outcomes = new[]
        {
            await service.CreateAsync(new NewKeyRequest("", Role.Viewer, ["alpha"]), "root", default),
            await service.CreateAsync(new NewKeyRequest("has space", Role.Viewer, ["alpha"]), "root", default),
            await service.CreateAsync(new NewKeyRequest("ada", (Role)42, ["alpha"]), "root", default),
            await service.CreateAsync(new NewKeyRequest("ada", Role.Viewer, []), "root", default),
            await service.CreateAsync(new NewKeyRequest("ada", Role.Viewer, ["nobody"]), "root", default),
            await service.CreateAsync(new NewKeyRequest("ada", Role.Viewer, ["alpha"], Clock.GetUtcNow()), "root", default),
        };

        Assert.Equal(["key.principal", "key.principal", "key.role", "key.tenants", "key.unknown-tenant", "key.expiry"],
            outcomes.Select(o => Assert.Single(o.Diagnostics).Rule));
        Assert.All(outcomes, o => Assert.Null(o.Issued));
        Assert.Empty(await Keys.ListKeysAsync(default));
    }

    [SkippableFact]
    public async Task List_NewestFirst()
    {
        var service = Service();
        var first = (await service.CreateAsync(new NewKeyRequest("a", Role.Viewer, ["alpha"]), "root", default)).Issued!;
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = (await service.CreateAsync(new NewKeyRequest("b", Role.Viewer, ["alpha"]), "root", default)).Issued!;

        Assert.Equal([second.Key.Id, first.Key.Id], (await service.ListAsync(default)).Select(k => k.Id));
    }

    private sealed class RecordingAudit : IAccessAudit
    {
        private readonly List<AccessEvent> _events = [];

        public IReadOnlyList<AccessEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Record(AccessEvent accessEvent)
        {
            lock (_events)
            {
                _events.Add(accessEvent);
            }
        }
    }
}
