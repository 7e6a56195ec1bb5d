using Qxm.Domain.Security;

namespace Qxm.Engine.Security;

/// <summary>An authenticated principal acting in one of its tenants for one request or command.</summary>
public sealed record Caller(Principal Principal, string Tenant)
{
    public string Name => Principal.Name;
}
