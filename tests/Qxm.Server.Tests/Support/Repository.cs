namespace Qxm.Server.Tests.Support;

/// <summary>Files of this repository the tests use (examples, snapshots), found from the test's output directory.</summary>
internal static class Repository
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Qxm.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Qxm.slnx) above the test's output directory");
    });

    public static string Root => LazyRoot.Value;

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string TestFile(params string[] parts) => Path.Combine([Root, "tests", "Qxm.Server.Tests", .. parts]);
}
