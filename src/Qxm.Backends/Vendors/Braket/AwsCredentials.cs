namespace Qxm.Backends.Vendors.Braket;

/// <summary>An AWS access key and its secret, with the session token of temporary credentials. Never logged: its text
/// names the key id only.</summary>
internal sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"AWS key {AccessKeyId}";
}
