using Qxm.Backends.Contract;
using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.Braket;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>Where the Braket adapter finds an AWS identity: AWS's own variables, a shared-credentials file, or one line.</summary>
public sealed class AwsCredentialsTests
{
    [Fact]
    public void Read_AKeyIdVariable_TakesTheSecretAndTokenFromItsSiblings()
    {
        var environment = new Dictionary<string, string>
        {
            ["LAB_AWS_ACCESS_KEY_ID"] = "AKIDLAB", ["LAB_AWS_SECRET_ACCESS_KEY"] = "lab-secret", ["LAB_AWS_SESSION_TOKEN"] = "lab-token",
        };

        var credentials = AwsCredentials.Read(VendorCredential.FromEnvironment("LAB_AWS_ACCESS_KEY_ID", environment.GetValueOrDefault));

        Assert.Equal(new AwsCredentials("AKIDLAB", "lab-secret", "lab-token"), credentials);
        Assert.Equal("AWS key AKIDLAB", credentials.ToString());
        var missing = Assert.Throws<BackendException>(() => AwsCredentials.Read(VendorCredential.FromEnvironment("AWS_ACCESS_KEY_ID", n => n == "AWS_ACCESS_KEY_ID" ? "AKID" : null)));
        Assert.Equal(BackendErrorKind.AuthExpired, missing.Kind);
        Assert.Contains("AWS_SECRET_ACCESS_KEY is not set", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ASharedCredentialsFileOrOneLine_TakesTheFirstProfilesKeys()
    {
        var file = Path.Combine(Path.GetTempPath(), "qxm-aws-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(file, "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file/secret+key\naws_session_token = tok==\n[other]\naws_access_key_id = AKIDOTHER\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Assert.Equal(new AwsCredentials("AKIDFILE", "file/secret+key", "tok=="), AwsCredentials.Read(VendorCredential.FromFile(file)));
            Assert.Equal(new AwsCredentials("AKID", "secret", "token=="), AwsCredentials.Read(VendorCredential.FromEnvironment("K", _ => "AKID:secret:token==")));
            Assert.Equal(BackendErrorKind.AuthExpired, Assert.Throws<BackendException>(() => AwsCredentials.Read(VendorCredential.FromEnvironment("K", _ => "just-one-part"))).Kind);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
