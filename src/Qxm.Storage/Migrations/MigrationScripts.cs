namespace Qxm.Storage.Migrations;

/// <summary>The numbered migration scripts of one dialect, embedded in this assembly as
/// <c>migrations/&lt;dialect&gt;/NNNN_name.sql</c>. Scripts are never edited after they land; a change is a new number.</summary>
internal static class MigrationScripts
{
    public static IReadOnlyList<(int Version, string Name, string Sql)> For(string dialect)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"migrations/{dialect}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (int.Parse(name.AsSpan(0, 4)), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Item1)
            .ToArray();
    }
}
