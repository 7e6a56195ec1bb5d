using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Qxm.Backends.Vendors.Braket;

namespace Qxm.Engine.Tests.Vendors.Braket;

/// <summary>Signatures both ways: the contract fake's server side of SigV4 accepts AWS's published Signature Version 4
/// test-suite requests (credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z) with the
/// Authorization AWS gives for each and refuses them altered; and what qxm signs with the AWS SDK's signer passes that
/// check, with a session token too, and fails it when the body, the key or the clock is wrong.</summary>
public sealed class SigV4Tests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("get-vanilla", "GET", "/", "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    [InlineData("post-vanilla", "POST", "/", "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")]
    [InlineData("get-vanilla-empty-query-key", "GET", "/", "?Param1=value1", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb")]
    [InlineData("post-vanilla-query", "POST", "/", "?Param1=value1", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11")]
    [InlineData("get-vanilla-query-order-key-case", "GET", "/", "?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")]
    [InlineData("get-vanilla-query-order-key", "GET", "/", "?Param1=value2&Param1=Value1", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1")]
    public void FakeServerSide_AcceptsAwsTestSuiteRequest_AndRefusesItAltered(string vector, string method, string path, string query, string signature)
    {
        var request = Arriving(method, path + query, [], ("X-Amz-Date", "20150830T123600Z"), ("Authorization", Expected("host;x-amz-date", signature)));
        var altered = Arriving(method, path + query + (query.Length == 0 ? "?" : "&") + "Param3=value3", [],
            ("X-Amz-Date", "20150830T123600Z"), ("Authorization", Expected("host;x-amz-date", signature)));

        Assert.True(FakeAwsSignature.Verify(request, [], KeyId, Secret, null, "us-east-1", "service", At) is null, vector);
        Assert.Equal("InvalidSignatureException", FakeAwsSignature.Verify(altered, [], KeyId, Secret, null, "us-east-1", "service", At)?.Type);
    }

    [Fact]
    public void FakeServerSide_AcceptsAwsTestSuiteRequests_WithRepeatedHeaders_AndASessionToken()
    {
        var order = Arriving("GET", "/", [], ("My-Header1", "value4"), ("My-Header1", "value1"), ("My-Header1", "value3"), ("My-Header1", "value2"),
            ("X-Amz-Date", "20150830T123600Z"), ("Authorization", Expected("host;my-header1;x-amz-date", "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01")));
        var token = Arriving("POST", "/", [], ("X-Amz-Date", "20150830T123600Z"), ("X-Amz-Security-Token", Token),
            ("Authorization", Expected("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")));

        Assert.Null(FakeAwsSignature.Verify(order, [], KeyId, Secret, null, "us-east-1", "service", At));
        Assert.Null(FakeAwsSignature.Verify(token, [], KeyId, Secret, Token, "us-east-1", "service", At));
    }

    [Fact]
    public void Sign_ABraketCall_ByTheAwsSdkSigner_PassesAwsServerSide_AndFailsItWhenAnythingDiffers()
    {
        var body = Encoding.UTF8.GetBytes("""{"deviceArn":"arn:aws:braket:::device/quantum-simulator/amazon/sv1","shots":100}""");
        var now = DateTimeOffset.UtcNow;
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://braket.us-east-1.amazonaws.com/quantum-task") { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new("application/json");
        message.Headers.Add("X-Qxm-Run", "r-1");

        SigV4.Sign(message, body, new AwsCredentials(KeyId, Secret, Token), "us-east-1", "braket", now);

        var arrived = Arrived(message);
        Assert.Null(FakeAwsSignature.Verify(arrived, body, KeyId, Secret, Token, "us-east-1", "braket", now));
        var authorization = message.Headers.GetValues("Authorization").Single();
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/", authorization, StringComparison.Ordinal);
        Assert.Contains("x-amz-security-token", authorization, StringComparison.Ordinal);
        Assert.Equal("InvalidSignatureException", FakeAwsSignature.Verify(arrived, [.. body, (byte)' '], KeyId, Secret, Token, "us-east-1", "braket", now)?.Type);
        Assert.Equal("InvalidSignatureException", FakeAwsSignature.Verify(arrived, body, KeyId, Secret + "x", Token, "us-east-1", "braket", now)?.Type);
        Assert.Equal("InvalidSignatureException", FakeAwsSignature.Verify(arrived, body, KeyId, Secret, Token, "eu-west-2", "braket", now)?.Type);
        Assert.Equal("InvalidSignatureException", FakeAwsSignature.Verify(arrived, body, KeyId, Secret, Token, "us-east-1", "braket", now.AddMinutes(6))?.Type);
        Assert.DoesNotContain(Secret, new AwsCredentials(KeyId, Secret, Token).ToString(), StringComparison.Ordinal);
    }

    /// <summary>The request as the fake's ASP.NET Core server would see it arrive.</summary>
    private static HttpRequest Arrived(HttpRequestMessage message)
    {
        var uri = message.RequestUri!;
        var headers = message.Headers.Concat(message.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .SelectMany(h => h.Value.Select(v => (h.Key, v))).ToArray();
        return Arriving(message.Method.Method, uri.PathAndQuery, [], headers, uri.Host);
    }

    private static HttpRequest Arriving(string method, string target, byte[] body, params (string Name, string Value)[] headers) =>
        Arriving(method, target, body, headers, "example.amazonaws.com");

    private static HttpRequest Arriving(string method, string target, byte[] body, (string Name, string Value)[] headers, string host)
    {
        var context = new DefaultHttpContext();
        var at = target.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = at < 0 ? target : target[..at];
        context.Request.QueryString = at < 0 ? QueryString.Empty : new QueryString(target[at..]);
        context.Request.Host = new HostString(host);
        context.Request.Body = new MemoryStream(body);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = target;
        foreach (var group in headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            context.Request.Headers[group.Key] = new StringValues([.. group.Select(h => h.Value)]);
        }

        return context.Request;
    }

    private static string Expected(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}";
}
