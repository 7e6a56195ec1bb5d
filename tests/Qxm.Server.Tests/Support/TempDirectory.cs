namespace Qxm.Server.Tests.Support;

/// <summary>A fresh directory under the system's temp directory, deleted on dispose: a QXM_HOME per test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("qxm-test-").FullName;
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed child process may still hold a file for a moment; the temp directory is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
