namespace Qxm.Engine.Tenancy;

internal sealed class TenantFile
{
    public List<TenantEntry>? Tenants { get; set; }
}
