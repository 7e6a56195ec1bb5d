using Qxm.Backends.Vendors;
using Qxm.Domain.Errors;
using Qxm.Engine.Vendors;

namespace Qxm.Engine.Tests.Vendors;

public sealed class RemoteBackendsFileTests
{
    private static readonly Func<string, string?> Environment = name => name == "IONQ_API_KEY" ? "secret-ionq-key" : null;

    [Fact]
    public void Parse_TheIssuesExample_GivesTheBackendWithItsPricing_AndNoSecret()
    {
        const string yaml = """
            backends:
              - id: ionq.simulator          # qxm's backend id
                vendor: ionq
                device: simulator
                url: https://api.ionq.co/v0.4
                credentials: { env: IONQ_API_KEY }
                pricing: { perTask: 0.30, perShot: 0.00035 }
            """;

        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", Environment);

        Assert.Empty(diagnostics);
        var backend = Assert.Single(backends);
        Assert.Equal(("ionq.simulator", "ionq", "simulator", "https://api.ionq.co/v0.4"), (backend.Id, backend.Vendor, backend.Device, backend.Endpoint!.ToString()));
        Assert.Equal((0.30m, 0.00035m), (backend.Pricing!.PerTask, backend.Pricing.PerShot));
        Assert.Equal("IONQ_API_KEY", backend.Credential.Variable);
        Assert.DoesNotContain("secret-ionq-key", backend.ToString(), StringComparison.Ordinal);
        Assert.Equal("secret-ionq-key", backend.Credential.Read());
    }

    [Theory]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { key: abc }\n", "backends.yaml:5:20", "never goes in this file")]
    [InlineData("backends:\n  - id: a\n    vendor: dwave\n    device: x\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:3:13", "unknown vendor 'dwave'")]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    devise: simulator\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:4:5", "unknown field 'devise'")]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    url: ftp://x\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:5:10", "absolute http or https")]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { env: IONQ_API_KEY }\n    pricing: { perShot: -1 }\n", "backends.yaml:6:25", "0 or more")]
    [InlineData("backends:\n  - id: fake.x\n    vendor: ionq\n    device: simulator\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:2:9", "may not start with sim. or fake.")]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { env: IONQ_API_KEY }\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:6:9", "declared twice")]
    [InlineData("backends:\n  - id: a\n    vendor: ionq\n    device: [simulator\n", "backends.yaml:", "malformed YAML")]
    [InlineData("backends:\n  - id: a\n    vendor: ibm\n    device: ibm_torino\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:2:5", "'instance' is required for ibm")]
    [InlineData("backends:\n  - id: a\n    vendor: ibm\n    device: ibm_torino\n    instance: crn:v1\n    tokenUrl: nowhere\n    credentials: { env: IONQ_API_KEY }\n", "backends.yaml:6:15", "tokenUrl must be an absolute")]
    public void Parse_BadEntries_AreErrorsAtTheirLineAndColumn_AndDeclareNothing(string yaml, string where, string message)
    {
        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", Environment);

        Assert.Empty(backends);
        var error = diagnostics.First(d => d.IsError);
        Assert.StartsWith(where, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AnIbmBackend_GivesItsInstanceAndTokenEndpoint()
    {
        var yaml = "backends:\n  - id: ibm.torino\n    vendor: ibm\n    device: ibm_torino\n    instance: \"crn:v1:bluemix:public:quantum-computing:us-east:a/1:2::\"\n"
            + "    tokenUrl: https://iam.test.cloud.ibm.com/identity/token\n    credentials: { env: IBM_API_KEY }\n";

        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", _ => "k");

        Assert.DoesNotContain(diagnostics, d => d.IsError);
        var backend = Assert.Single(backends);
        Assert.Equal("crn:v1:bluemix:public:quantum-computing:us-east:a/1:2::", backend.Instance);
        Assert.Equal("https://iam.test.cloud.ibm.com/identity/token", backend.TokenEndpoint!.ToString());
    }

    [Fact]
    public void Parse_AnUnsetVariable_IsAWarning_AndTheBackendStillLoads()
    {
        var (backends, diagnostics) = RemoteBackendsFile.Parse(
            "backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { env: NOT_SET_ANYWHERE }\n", "b.yaml", Environment);

        Assert.Single(backends);
        Assert.Equal(DiagnosticSeverity.Warning, Assert.Single(diagnostics).Severity);
    }

    [SkippableFact]
    public void Load_ACredentialsFileOthersMayRead_IsRefused_And0600IsRead()
    {
        Skip.If(OperatingSystem.IsWindows(), "file modes are POSIX");
        var directory = Directory.CreateTempSubdirectory("qxm-backends-").FullName;
        try
        {
            var secret = Path.Combine(directory, "ionq.key");
            File.WriteAllText(secret, "file-secret\n");
#pragma warning disable CA1416 // Skipped on Windows above.
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
            var file = Path.Combine(directory, "backends.yaml");
            File.WriteAllText(file, "backends:\n  - id: a\n    vendor: ionq\n    device: simulator\n    credentials: { file: ionq.key }\n");

            var (refused, errors) = RemoteBackendsFile.Load(file);
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
#pragma warning restore CA1416
            var (loaded, none) = RemoteBackendsFile.Load(file);

            Assert.Empty(refused);
            Assert.Contains("chmod 600", Assert.Single(errors).Message, StringComparison.Ordinal);
            Assert.Empty(none);
            Assert.Equal("file-secret", Assert.Single(loaded).Credential.Read());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
