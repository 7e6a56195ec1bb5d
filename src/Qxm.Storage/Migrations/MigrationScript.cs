using System.Reflection;

namespace Qxm.Storage.Migrations;

/// <summary>One embedded migration script: its number and file name, its SQL read on demand.</summary>
internal sealed record MigrationScript(int Version, string Name, Assembly Assembly, string ResourceName)
{
    public string ReadSql()
    {
        using var stream = Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the migration script {ResourceName} is missing from {Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
