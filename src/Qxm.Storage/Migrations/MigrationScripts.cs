namespace Qxm.Storage.Migrations;

/// <summary>The numbered migration scripts of one dialect, embedded in this assembly as
/// <c>migrations/&lt;dialect&gt;/NNNN_name.sql</c>. Scripts are never edited after they land; a change is a new number.</summary>
internal static class MigrationScripts
{
    /// <summary>The dialect's scripts in order of their numbers; their text is read only for those a database lacks.</summary>
    public static IReadOnlyList<MigrationScript> For(string dialect)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"migrations/{dialect}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => new MigrationScript(int.Parse(n.AsSpan(prefix.Length, 4)), n[prefix.Length..], assembly, n))
            .OrderBy(m => m.Version)
            .ToArray();
    }
}
