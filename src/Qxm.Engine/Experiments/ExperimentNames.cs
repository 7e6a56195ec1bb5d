using System.Collections.Frozen;
using System.Text.Json;

namespace Qxm.Engine.Experiments;

/// <summary>The names an experiment file gives the domain's choices (optimizer, connectivity, drift and cache policies,
/// mitigation, fit): each enum member's name in kebab-case (<c>NelderMead</c> is <c>nelder-mead</c>), the one rule the
/// file reader, the writer of documents sent to a server and the CLI's options share. The schema lists the same names.</summary>
public static class ExperimentNames
{
    public static string Of<T>(T value) where T : struct, Enum => Table<T>.Names[value];

    /// <summary>The member named <paramref name="name"/>; null for none or an unknown name (the schema has refused those).</summary>
    public static T? Parse<T>(string? name) where T : struct, Enum =>
        name is not null && Table<T>.Values.TryGetValue(name, out var value) ? value : null;

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Table<T>.Ordered;

    private static class Table<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Names =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> Values = Names.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

        public static readonly string[] Ordered = [.. Enum.GetValues<T>().Select(v => Names[v])];
    }
}
