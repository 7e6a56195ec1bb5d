namespace Qxm.Backends.Vendors;

/// <summary>One remote backend as <c>backends.yaml</c> declares it.</summary>
/// <param name="Id">qxm's backend id (<c>ionq.aria</c>).</param>
/// <param name="Vendor">One of <see cref="Vendors"/>.</param>
/// <param name="Device">The vendor's name for the device (<c>qpu.aria-1</c>, <c>simulator</c>).</param>
/// <param name="Endpoint">The vendor's API root; null for the vendor's public endpoint.</param>
/// <param name="Credential">Where the secret is; never the secret itself.</param>
public sealed record RemoteBackendOptions(string Id, string Vendor, string Device, Uri? Endpoint, VendorCredential Credential)
{
    public const string IonQ = "ionq";
    public const string Ibm = "ibm";
    public const string Braket = "braket";
    public const string Azure = "azure";

    /// <summary>The vendors qxm knows; those with an adapter in this build are <see cref="Supported"/>.</summary>
    public static IReadOnlyList<string> Vendors { get; } = [IonQ, Ibm, Braket, Azure];

    public static IReadOnlyList<string> Supported { get; } = [IonQ, Ibm, Braket, Azure];

    /// <summary>The backend's price override; null keeps the vendor's published model.</summary>
    public PriceModel? Pricing { get; init; }

    /// <summary>The vendor's account scope the calls run under: IBM's service instance CRN (sent as <c>Service-CRN</c>),
    /// an Azure Quantum workspace's resource id; null where the vendor has none.</summary>
    public string? Instance { get; init; }

    /// <summary>Where the API key is exchanged for a bearer token (IBM Cloud IAM); null for the vendor's own.</summary>
    public Uri? TokenEndpoint { get; init; }

    /// <summary>The application (client) id that signs in with the credential as its secret (Microsoft Entra ID's
    /// client-credentials flow, Azure); null where the credential is used as it is (an API key).</summary>
    public string? ClientId { get; init; }

    /// <summary>The Microsoft Entra tenant (directory) the <see cref="ClientId"/> belongs to (Azure).</summary>
    public string? Directory { get; init; }

    /// <summary>Braket: the AWS region of a device whose ARN names none (the on-demand simulators); null for us-east-1.</summary>
    public string? Region { get; init; }

    /// <summary>Braket: the S3 bucket a task writes its results to (AWS requires one named <c>amazon-braket-...</c>).</summary>
    public string? Bucket { get; init; }

    /// <summary>Braket: the key prefix of the tasks' results in <see cref="Bucket"/>; null for <c>qxm</c>.</summary>
    public string? Prefix { get; init; }

    /// <summary>Braket: an S3-compatible endpoint to read results from, path-style; null for AWS's own.</summary>
    public Uri? StorageEndpoint { get; init; }
}
