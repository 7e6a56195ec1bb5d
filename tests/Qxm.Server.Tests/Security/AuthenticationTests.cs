using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Qxm.Domain.Security;
using Qxm.Server.Security;
using Qxm.Server.Tests.Support;

namespace Qxm.Server.Tests.Security;

public sealed class AuthenticationTests
{
    private const string Tenants = """
        tenants:
          - id: alpha
          - id: beta
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("qxm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task ApiCall_WithoutAValidKey_Is401WithChallengeAndNoEcho(string? key)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = server.ClientWith(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs");
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + key);
        }

        using var response = await client.SendAsync(request);

        var problem = await Problem.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("urn:qxm:problem:unauthenticated", problem.GetProperty("type").GetString());
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        if (!string.IsNullOrEmpty(key))
        {
            Assert.DoesNotContain(key, problem.ToString(), StringComparison.Ordinal);
        }

        Assert.True(server.Audit.DeniedCount >= 1);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/openapi/v1.json")]
    public async Task Probes_AndTheDocument_StayOpen(string path)
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        using var client = server.ClientWith(null);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RevokedKey_IsRefusedAtOnce_RotatedKeyOverlaps()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false);
        var key = await server.CreateKeyAsync("ada", Role.Viewer);
        using var ada = server.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/v1/runs")).StatusCode);

        using var rotated = await server.Client.PostAsync($"/api/v1/keys/{key.Split('_')[1]}/rotate?overlapSeconds=600", null);
        var text = await rotated.Content.ReadAsStringAsync();
        Assert.True(rotated.StatusCode == HttpStatusCode.Created, text);
        using var document = JsonDocument.Parse(text);
        var replacement = document.RootElement.GetProperty("secret").GetString()!;
        using var adaNew = server.ClientWith(replacement);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adaNew.GetAsync("/api/v1/runs")).StatusCode);

        using var revoked = await server.Client.DeleteAsync($"/api/v1/keys/{key.Split('_')[1]}");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ada.GetAsync("/api/v1/runs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await adaNew.GetAsync("/api/v1/runs")).StatusCode);
    }

    [Fact]
    public async Task TenantHeader_NamingAnotherTenant_Is403_NamingOneOfItsOwn_ActsThere()
    {
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants);
        using var client = server.ClientWith(await server.CreateKeyAsync("ada", Role.Submitter, "alpha", "beta"));

        using var asBeta = new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs")
        {
            Content = new StringContent(Experiments.Json(Experiments.BellCircuit), Encoding.UTF8, "application/json"),
        };
        asBeta.Headers.Add("X-Qxm-Tenant", "beta");
        using var accepted = await client.SendAsync(asBeta);
        using var asDefault = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs");
        asDefault.Headers.Add("X-Qxm-Tenant", "default");
        using var refused = await client.SendAsync(asDefault);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        using var run = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync());
        Assert.Equal("beta", run.RootElement.GetProperty("tenant").GetString());
        await Problem.ReadAsync(refused, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task NoAuth_OnANonLoopbackAddress_IsRefusedAtStart()
    {
        var options = new ServerOptions { Urls = "http://0.0.0.0:0", NoAuth = true };

        var refused = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("loopback", refused.Message, StringComparison.Ordinal);
        new ServerOptions { Urls = "http://127.0.0.1:0;http://[::1]:0;http://localhost:0", NoAuth = true }.Validate();
    }

    [Fact]
    public async Task NoAuth_OnLoopback_ServesWithoutKeysAsTheLocalAdmin()
    {
        // The one test of the switch itself; every other test runs with authentication on.
        await using var server = await RunningServer.StartAsync(runWorkers: false, noAuth: true);
        using var client = server.ClientWith(null);

        using var response = await client.GetAsync("/api/v1/keys");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task NoAuth_Serve_AnnouncesItOnStderrAndInTheLog()
    {
        using var home = new TempDirectory();
        using var serve = await ServeProcess.StartAsync(home.Path, "--no-auth", "--no-workers");
        using var anonymous = new HttpClient { BaseAddress = serve.Url };

        using var response = await anonymous.GetAsync("/api/v1/runs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("WARNING: authentication is off", serve.Output, StringComparison.Ordinal);
        Assert.Contains("Authentication is OFF (--no-auth)", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_FromTheConfiguredIssuer_ActsWithItsRoleAndTenants_OthersAre401()
    {
        using var rsa = RSA.Create(2048);
        var signing = new RsaSecurityKey(rsa) { KeyId = "test" };
        using var otherRsa = RSA.Create(2048);
        var stranger = new RsaSecurityKey(otherRsa) { KeyId = "test" };
        var jwt = new JwtSettings("https://idp.test", "qxm", SigningKeys: [signing]);
        await using var server = await RunningServer.StartAsync(runWorkers: false, tenantsYaml: Tenants, jwt: jwt);
        var now = DateTime.UtcNow;

        string Token(SecurityKey key, string issuer = "https://idp.test", string audience = "qxm", DateTime? expires = null, bool withTenant = true)
        {
            var claims = new Dictionary<string, object> { ["sub"] = "grace", ["qxm_role"] = "operator" };
            if (withTenant)
            {
                claims["qxm_tenant"] = new[] { "alpha", "beta" };
            }

            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                NotBefore = now.AddMinutes(-10),
                IssuedAt = now.AddMinutes(-10),
                Expires = expires ?? now.AddMinutes(10),
                Claims = claims,
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            });
        }

        async Task<HttpStatusCode> StatusAsync(string token, string path = "/api/v1/runs", string? tenant = null)
        {
            using var client = server.ClientWith(token);
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (tenant is not null)
            {
                request.Headers.Add("X-Qxm-Tenant", tenant);
            }

            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token(signing)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Token(signing), tenant: "beta"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Token(signing), tenant: "default"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Token(signing), "/api/v1/keys"));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(stranger)));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(signing, issuer: "https://evil.test")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(signing, audience: "other")));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(signing, expires: now.AddMinutes(-5))));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(Token(signing, withTenant: false)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(server.AdminKey!, "/api/v1/keys"));
    }

    [Fact]
    public void ClaimsPrincipal_NamesThePrincipal_OneClaimPerTenant_OneRole()
    {
        var user = QxmClaims.ToClaimsPrincipal(new Principal("ada", Role.Operator, ["alpha", "beta"]), "ApiKey");

        Assert.Equal("ada", user.Identity!.Name);
        Assert.Equal(["alpha", "beta"], user.FindAll(QxmClaims.Tenant).Select(c => c.Value));
        Assert.Equal("operator", Assert.Single(user.FindAll(QxmClaims.Role)).Value);
        Assert.Equal(new Principal("ada", Role.Operator, ["alpha", "beta"]).Name, QxmClaims.ToPrincipal(user)!.Name);
    }
}
