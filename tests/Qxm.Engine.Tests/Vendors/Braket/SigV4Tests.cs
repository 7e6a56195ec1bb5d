using Qxm.Backends.Vendors.Braket;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>The SigV4 signer against AWS's published Signature Version 4 test suite (credentials AKIDEXAMPLE, region
/// us-east-1, service "service", 2015-08-30T12:36:00Z): each vector's request and the Authorization header AWS gives for it.</summary>
public sealed class SigV4Tests
{
    private const string EmptyPayload = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string Token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static readonly AwsCredentials Example = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("get-vanilla", "GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("post-vanilla", "POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("get-vanilla-empty-query-key", "GET", "/", "?Param1=value1", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb")]
    [InlineData("post-vanilla-query", "POST", "/", "?Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "/", "?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("get-vanilla-query-order-key", "GET", "/", "?Param1=value2&Param1=Value1", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")]
    [InlineData("normalize-path/get-slash-pointless-dot", "GET", "/./example", "", "ef75d96142cf21edca26f06005da7988e4f8dc83a165a80865db7089db637ec5")]
    [InlineData("normalize-path/get-relative-relative", "GET", "/example1/example2/../..", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    public void Authorization_OfAwsTestSuiteRequest_IsAwsPublishedSignature(string vector, string method, string path, string query, string signature)
    {
        var authorization = SigV4.Authorization(method, new Uri("https://example.amazonaws.com" + path + query), Headers(), EmptyPayload, Example, "us-east-1", "service", At);

        Assert.True(authorization == Expected("host;x-amz-date", signature), $"{vector}: {authorization}");
    }

    [Fact]
    public void Authorization_WithRepeatedHeaders_JoinsTheirValuesInOrder()
    {
        var order = Headers(("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2"));
        var duplicate = Headers(("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1"));

        Assert.Equal(Expected("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
            SigV4.Authorization("GET", new Uri("https://example.amazonaws.com/"), order, EmptyPayload, Example, "us-east-1", "service", At));
        Assert.Equal(Expected("host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
            SigV4.Authorization("GET", new Uri("https://example.amazonaws.com/"), duplicate, EmptyPayload, Example, "us-east-1", "service", At));
    }

    [Fact]
    public void Sign_WithASessionToken_SignsTheTokenHeader_AsTheStsVectorDoes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://example.amazonaws.com/");

        SigV4.Sign(request, [], Example with { SessionToken = Token }, "us-east-1", "service", At);

        Assert.Equal("20150830T123600Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(Expected("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
            request.Headers.GetValues("Authorization").Single());
        Assert.DoesNotContain("wJalrXUtnFEMI", (Example with { SessionToken = Token }).ToString(), StringComparison.Ordinal);
    }

    private static List<KeyValuePair<string, string>> Headers(params (string Name, string Value)[] more) =>
        [new("Host", "example.amazonaws.com"), .. more.Select(h => KeyValuePair.Create(h.Name, h.Value)), new("X-Amz-Date", "20150830T123600Z")];

    private static string Expected(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";
}
