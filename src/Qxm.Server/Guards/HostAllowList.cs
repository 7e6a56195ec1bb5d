using Microsoft.AspNetCore.Http;

namespace Qxm.Server.Guards;

/// <summary>Serves only requests whose Host header names this server: a page on another site that rebinds its own name to
/// a loopback address (DNS rebinding) cannot reach a loopback server through the victim's browser.</summary>
internal sealed class HostAllowList(IReadOnlyList<string> hosts)
{
    private readonly bool _any = hosts.Contains("*");

    private readonly HashSet<string> _hosts = new(hosts, StringComparer.OrdinalIgnoreCase);

    public bool Allows(HostString host)
    {
        if (_any)
        {
            return true;
        }

        // HostString.Host keeps the brackets of an IPv6 literal and drops the port.
        return host.HasValue && _hosts.Contains(host.Host);
    }
}
