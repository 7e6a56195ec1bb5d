using Qxm.Domain.Tenancy;
using Qxm.Engine.Persistence;

namespace Qxm.Engine.Tests.Storage;

/// <summary>What every store must do with per-tenant credential references. Each store's test class opens a real database.</summary>
public abstract class TenantCredentialStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    protected abstract ITenantCredentialStore Credentials { get; }

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [SkippableFact]
    public async Task Set_ThenSetAgain_KeepsOnePerTenantAndBackend_TheLatest()
    {
        await Credentials.SetTenantCredentialAsync(new TenantCredential("lab-a", "azure.h2", "env", "QXM_TENANT_A", null, "admin", T0), default);
        await Credentials.SetTenantCredentialAsync(new TenantCredential("lab-b", "azure.h2", "env", "QXM_TENANT_B", null, "admin", T0), default);
        var replaced = new TenantCredential("lab-a", "azure.h2", "file", "lab-a.secret", "app-a", "root", T0.AddMinutes(1));
        await Credentials.SetTenantCredentialAsync(replaced, default);

        Assert.Equal(replaced, await Credentials.GetTenantCredentialAsync("lab-a", "azure.h2", default));
        Assert.Equal(["lab-a", "lab-b"], (await Credentials.ListTenantCredentialsAsync(null, default)).Select(c => c.Tenant));
        Assert.Equal([replaced], await Credentials.ListTenantCredentialsAsync("lab-a", default));
        Assert.Null(await Credentials.GetTenantCredentialAsync("lab-a", "ionq.aria", default));
    }

    [SkippableFact]
    public async Task Remove_TakesOnlyThatTenantsReference_AndSaysWhetherThereWasOne()
    {
        await Credentials.SetTenantCredentialAsync(new TenantCredential("lab-a", "azure.h2", "env", "QXM_TENANT_A", null, "admin", T0), default);
        await Credentials.SetTenantCredentialAsync(new TenantCredential("lab-b", "azure.h2", "env", "QXM_TENANT_B", null, "admin", T0), default);

        Assert.True(await Credentials.RemoveTenantCredentialAsync("lab-a", "azure.h2", default));
        Assert.False(await Credentials.RemoveTenantCredentialAsync("lab-a", "azure.h2", default));
        Assert.Null(await Credentials.GetTenantCredentialAsync("lab-a", "azure.h2", default));
        Assert.NotNull(await Credentials.GetTenantCredentialAsync("lab-b", "azure.h2", default));
    }
}
