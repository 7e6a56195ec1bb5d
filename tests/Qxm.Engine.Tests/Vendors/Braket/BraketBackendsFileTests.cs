using Qxm.Engine.Vendors;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>A Braket device in <c>backends.yaml</c>: its ARN, results bucket, prefix, region and S3 endpoint.</summary>
public sealed class BraketBackendsFileTests
{
    [Fact]
    public void Parse_ABraketDevice_GivesItsBucketPrefixRegionAndS3Endpoint()
    {
        const string yaml = """
            backends:
              - id: braket.sv1
                vendor: braket
                device: arn:aws:braket:::device/quantum-simulator/amazon/sv1
                region: eu-west-2
                bucket: amazon-braket-lab
                prefix: runs/qxm
                s3Url: http://127.0.0.1:4569
                credentials: { env: AWS_ACCESS_KEY_ID }
            """;

        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", n => n == "AWS_ACCESS_KEY_ID" ? "AKID" : null);

        Assert.Empty(diagnostics);
        var backend = Assert.Single(backends);
        Assert.Equal(("braket", "eu-west-2", "amazon-braket-lab", "runs/qxm", "http://127.0.0.1:4569/"),
            (backend.Vendor, backend.Region, backend.Bucket, backend.Prefix, backend.StorageEndpoint!.ToString()));
    }

    [Theory]
    [InlineData("backends:\n  - id: a\n    vendor: braket\n    device: sv1\n    bucket: amazon-braket-lab\n    credentials: { env: K }\n", "backends.yaml:4:13", "a Braket device is its ARN")]
    [InlineData("backends:\n  - id: a\n    vendor: braket\n    device: arn:aws:braket:::device/quantum-simulator/amazon/sv1\n    credentials: { env: K }\n", "backends.yaml:2:5", "'bucket' is required for braket")]
    [InlineData("backends:\n  - id: a\n    vendor: braket\n    device: arn:aws:braket:::device/quantum-simulator/amazon/sv1\n    bucket: amazon-braket-lab\n    s3Url: s3-somewhere\n    credentials: { env: K }\n", "backends.yaml:6:12", "s3Url must be an absolute")]
    public void Parse_BadBraketEntries_AreErrorsAtTheirLineAndColumn(string yaml, string where, string message)
    {
        var (backends, diagnostics) = RemoteBackendsFile.Parse(yaml, "backends.yaml", _ => "set");

        Assert.Empty(backends);
        var error = diagnostics.First(d => d.IsError);
        Assert.StartsWith(where, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
