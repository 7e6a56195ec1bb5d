using Qxm.Tests.Shared;
using System.Xml.Linq;

namespace Qxm.Engine.Tests.Architecture;

/// <summary>The dependency rules of STYLE.md, checked on the project files and sources themselves:
/// references point inward, and each outside technology is known to one project only.</summary>
public sealed class DependencyRulesTests
{
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["Qxm.Domain"] = [],
        ["Qxm.Circuits"] = ["Qxm.Domain"],
        ["Qxm.Simulation"] = ["Qxm.Circuits"],
        ["Qxm.Backends"] = ["Qxm.Domain", "Qxm.Circuits", "Qxm.Simulation"],
        ["Qxm.Engine"] = ["Qxm.Domain", "Qxm.Circuits", "Qxm.Backends"],
        ["Qxm.Storage"] = ["Qxm.Domain", "Qxm.Engine"],
        // The client package owns the wire contracts (JSON conventions, problem types, headers, event and loop records) that
        // the server writes, so it sees only the domain's records (docs/decisions/0033).
        ["Qxm.Client"] = ["Qxm.Domain"],
        ["Qxm.Server"] = ["Qxm.Domain", "Qxm.Engine", "Qxm.Storage", "Qxm.Backends", "Qxm.Client"],
        ["Qxm.Cli"] = ["Qxm.Domain", "Qxm.Engine", "Qxm.Storage", "Qxm.Backends", "Qxm.Server", "Qxm.Client"],
    };

    /// <summary>Which projects may use each outside namespace. The AWS SDK's core (credentials, regions, the SigV4 signer)
    /// serves the Braket adapter's signing and the S3 artifact store; S3's client belongs to Storage alone.</summary>
    private static readonly Dictionary<string, string[]> NamespaceOwners = new()
    {
        ["Microsoft.AspNetCore"] = ["Qxm.Server"],
        ["Microsoft.Data.Sqlite"] = ["Qxm.Storage"],
        ["Npgsql"] = ["Qxm.Storage"],
        ["Amazon"] = ["Qxm.Storage", "Qxm.Backends"],
        ["Amazon.S3"] = ["Qxm.Storage"],
        ["System.CommandLine"] = ["Qxm.Cli"],
        ["Spectre.Console"] = ["Qxm.Cli"],
        ["Microsoft.Extensions.Hosting"] = ["Qxm.Server"],
        ["OpenTelemetry"] = ["Qxm.Server"],
        ["Microsoft.IdentityModel"] = ["Qxm.Server"],
        ["System.IdentityModel"] = ["Qxm.Server"],
        ["Polly"] = ["Qxm.Engine"],
    };

    public static TheoryData<string> Projects() => [.. AllowedReferences.Keys];

    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOnlyInwardProjects(string project)
    {
        var references = ProjectFile(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToList();

        Assert.All(references, r => Assert.Contains(r, AllowedReferences[project]));
    }

    [Fact]
    public void Domain_HasNoPackages() =>
        Assert.Empty(ProjectFile("Qxm.Domain").Descendants("PackageReference"));

    /// <summary>A user of the client package gets no third-party dependencies with it.</summary>
    [Fact]
    public void Client_HasNoPackages() =>
        Assert.Empty(ProjectFile("Qxm.Client").Descendants("PackageReference"));

    [Theory]
    [MemberData(nameof(Projects))]
    public void Sources_UseOutsideTechnologiesOnlyInTheirOwningProject(string project)
    {
        var directory = Path.Combine(RepositoryRoot(), "src", project);
        var offenders = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f)
                .Where(line => line.StartsWith("using ", StringComparison.Ordinal))
                .SelectMany(line => NamespaceOwners
                    .Where(o => line.StartsWith($"using {o.Key}", StringComparison.Ordinal) && !o.Value.Contains(project))
                    .Select(o => $"{Path.GetFileName(f)}: {line}")))
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>Instruments and activity sources are plain .NET (System.Diagnostics); only the composition root knows the
    /// OpenTelemetry SDK and its exporters.</summary>
    [Theory]
    [MemberData(nameof(Projects))]
    public void Project_ReferencesOpenTelemetryPackagesOnlyInServer(string project)
    {
        var packages = ProjectFile(project).Descendants("PackageReference").Select(r => (string)r.Attribute("Include")!).ToList();
        if (project != "Qxm.Server")
        {
            Assert.DoesNotContain(packages, p => p.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        }
    }

    /// <summary>Validation and dispatch read what a backend can do from its Target (memory limits included), never from
    /// the simulator behind it: a remote device has none.</summary>
    [Fact]
    public void Engine_AsksBackendsNotTheSimulator()
    {
        var directory = Path.Combine(RepositoryRoot(), "src", "Qxm.Engine");
        var offenders = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => line.Contains("Qxm.Simulation", StringComparison.Ordinal) || line.Contains("Kind == \"", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>The CLI's remote mode is a user of the client package like any other: one HTTP client, one error taxonomy.
    /// Profiling is the exception: its load generators measure the server's wire itself, without a client's retries.</summary>
    [Fact]
    public void Cli_TalksToServersOnlyThroughTheClient()
    {
        var directory = Path.Combine(RepositoryRoot(), "src", "Qxm.Cli");
        var offenders = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Profiling{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(line => line.Contains("new HttpClient", StringComparison.Ordinal) || line.Contains("HttpRequestMessage(", StringComparison.Ordinal)))
            .Select(Path.GetFileName)
            .ToList();

        Assert.Empty(offenders);
    }

    /// <summary>The kernel benchmarks measure the front end and the simulator, not the service: they stay outside the
    /// solution, so nothing else would notice them reaching into the engine or a store.</summary>
    [Fact]
    public void Benchmarks_ReferenceOnlyTheFrontEndAndSimulator()
    {
        var file = XDocument.Load(Path.Combine(RepositoryRoot(), "bench", "Qxm.Benchmarks", "Qxm.Benchmarks.csproj")).Root!;
        var references = file.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .ToList();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, new[] { "Qxm.Domain", "Qxm.Circuits", "Qxm.Simulation" }));
    }

    [Fact]
    public void OnlyServerUsesTheWebSdk()
    {
        var web = AllowedReferences.Keys.Where(p => ((string?)ProjectFile(p).Attribute("Sdk"))?.Contains("Web", StringComparison.Ordinal) == true);
        Assert.Equal(["Qxm.Server"], web);
    }

    private static XElement ProjectFile(string project) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), "src", project, project + ".csproj")).Root!;

    internal static string RepositoryRoot() => RepositoryFiles.Root;
}
