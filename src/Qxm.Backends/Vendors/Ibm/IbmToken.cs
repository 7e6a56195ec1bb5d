namespace Qxm.Backends.Vendors.Ibm;

/// <summary>IBM Cloud IAM's bearer token for an API key (a token lives an hour), kept and renewed as
/// <see cref="BearerToken"/> says.</summary>
internal static class IbmToken
{
    public static BearerToken Create(VendorHttp http, Uri endpoint, VendorCredential credential, TimeProvider time) =>
        new("IBM Cloud IAM", async cancellationToken =>
        {
            using var request = BearerToken.FormRequest(endpoint,
            [
                new("grant_type", "urn:ibm:params:oauth:grant-type:apikey"),
                new("apikey", credential.Read()),
            ]);
            return await http.SendAsync(request, cancellationToken);
        }, time);
}
