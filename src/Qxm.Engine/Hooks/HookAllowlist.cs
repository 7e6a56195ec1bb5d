using Qxm.Domain.Experiments;

namespace Qxm.Engine.Hooks;

/// <summary>Which hooks a process that is not the user's own may run: a server runs an objective hook only when its
/// operator listed it. An entry allows the commands that begin with its words (<c>python3 /srv/hooks/maxcut.py</c>
/// allows that script with any further arguments, and nothing else python3 could run) or the URLs on its scheme, host
/// and port under its path.</summary>
public sealed class HookAllowlist
{
    private readonly IReadOnlyList<string[]> _commands;
    private readonly IReadOnlyList<string> _urls;
    private readonly bool _any;

    private HookAllowlist(IReadOnlyList<string> entries, bool any)
    {
        _any = any;
        _urls = [.. entries.Where(IsUrl)];
        _commands = [.. entries.Where(e => !IsUrl(e)).Select(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Where(w => w.Length > 0)];
    }

    /// <summary>Every hook: where the hook runs with the rights of the user who wrote the experiment (embedded).</summary>
    public static HookAllowlist Any { get; } = new([], any: true);

    /// <summary>No hook at all: a server's default.</summary>
    public static HookAllowlist None { get; } = new([], any: false);

    public static HookAllowlist Of(IReadOnlyList<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return entries.Count == 0 ? None : new(entries, any: false);
    }

    public IReadOnlyList<string> Entries => [.. _commands.Select(c => string.Join(' ', c)), .. _urls];

    /// <summary>Null when the hook may run here, else why not (for a 400 problem or the loop's failure).</summary>
    public string? Refusal(Hook hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        if (_any)
        {
            return null;
        }

        var allowed = hook.Command is { } argv
            ? _commands.Any(prefix => prefix.Length <= argv.Count && prefix.Select((word, i) => string.Equals(word, argv[i], StringComparison.Ordinal)).All(same => same))
            : Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) && _urls.Any(entry => Within(url, entry));
        if (allowed)
        {
            return null;
        }

        return _commands.Count + _urls.Count == 0
            ? "this server runs no hooks (its operator allows objective hooks with --allow-hook)"
            : $"this server's operator has not allowed this hook (allowed: {string.Join("; ", Entries)})";
    }

    /// <summary>Same scheme, host and port, and a path under the entry's, both as the HTTP client will send them (dot
    /// segments resolved), so neither <c>https://hooks.example.evil/</c> nor <c>/qxm/../admin</c> passes an entry.</summary>
    private static bool Within(Uri url, string entry) =>
        Uri.TryCreate(entry, UriKind.Absolute, out var allowed)
        && string.Equals(url.Scheme, allowed.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(url.IdnHost, allowed.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == allowed.Port
        && (url.AbsolutePath.StartsWith(allowed.AbsolutePath.EndsWith('/') ? allowed.AbsolutePath : allowed.AbsolutePath + "/", StringComparison.Ordinal)
            || string.Equals(url.AbsolutePath, allowed.AbsolutePath, StringComparison.Ordinal));

    private static bool IsUrl(string entry) =>
        entry.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
