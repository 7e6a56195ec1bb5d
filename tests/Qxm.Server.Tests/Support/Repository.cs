using Qxm.Tests.Shared;

namespace Qxm.Server.Tests.Support;

/// <summary>Files of this repository the tests use (examples, snapshots), found from the test's output directory.</summary>
internal static class Repository
{
    public static string Root => RepositoryFiles.Root;

    public static string Example(string name) => Path.Combine(Root, "examples", name);

    public static string InRepository(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string TestFile(params string[] parts) => Path.Combine([Root, "tests", "Qxm.Server.Tests", .. parts]);
}
