namespace Qxm.Tests.Shared;

/// <summary>Files of this repository the tests read (examples, benchmark circuits, sources, tools), found from the test's
/// output directory upwards.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Qxm.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Qxm.slnx) above the test's output directory");
    });

    public static string Root => LazyRoot.Value;

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    /// <summary>The circuit corpus of the repository: every OpenQASM file of the benchmarks and the examples, as paths
    /// relative to the root, in a stable order.</summary>
    public static IEnumerable<string> Circuits() =>
        new[] { "bench/circuits", "examples" }
            .SelectMany(folder => Directory.EnumerateFiles(Path(folder), "*.qasm").Order(StringComparer.Ordinal))
            .Select(file => System.IO.Path.GetRelativePath(Root, file));
}
