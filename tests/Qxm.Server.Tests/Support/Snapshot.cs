namespace Qxm.Server.Tests.Support;

/// <summary>Compares text with a checked-in snapshot. <c>QXM_UPDATE_SNAPSHOTS=1</c> rewrites the snapshot instead, for a
/// change that is meant: the diff then shows up for review.</summary>
internal static class Snapshot
{
    public const string UpdateVariable = "QXM_UPDATE_SNAPSHOTS";

    public static void Match(string actual, params string[] snapshotPath)
    {
        var path = Repository.TestFile(snapshotPath);
        actual = Normalize(actual);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no snapshot at {string.Join('/', snapshotPath)}; run the tests with {UpdateVariable}=1 to write it");
        var expected = Normalize(File.ReadAllText(path));
        if (expected != actual)
        {
            Assert.Fail($"{string.Join('/', snapshotPath)} differs from the snapshot (run with {UpdateVariable}=1 to accept):\n{Diff(expected, actual)}");
        }
    }

    /// <summary>Line endings and trailing spaces are formatting, not content.</summary>
    private static string Normalize(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => line.TrimEnd())).TrimEnd() + "\n";

    private static string Diff(string expected, string actual)
    {
        var left = expected.Split('\n');
        var right = actual.Split('\n');
        var lines = new List<string>();
        for (var i = 0; i < Math.Max(left.Length, right.Length) && lines.Count < 40; i++)
        {
            var l = i < left.Length ? left[i] : null;
            var r = i < right.Length ? right[i] : null;
            if (l != r)
            {
                lines.Add($"line {i + 1}:");
                lines.Add($"- {l ?? "(none)"}");
                lines.Add($"+ {r ?? "(none)"}");
            }
        }

        return string.Join('\n', lines);
    }
}
