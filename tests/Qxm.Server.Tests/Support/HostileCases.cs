using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Qxm.Server.Tests.Support;

/// <summary>Issue 10's hostile requests, each with the status and a fragment of the problem it must get. Shared by the
/// hostile-input suite and the fuzzer's seeds.</summary>
internal static class HostileCases
{
    internal sealed record Case(Func<HttpRequestMessage> Request, HttpStatusCode Status, string Expect, Func<HttpRequestMessage>[] Setup);

    private static readonly Dictionary<string, Case> All = new(StringComparer.Ordinal)
    {
        ["deep-yaml-30000"] = new(() => Post("/api/v1/runs", "name: a\nshots: 1\ncircuit: {source: x}\ntags: " + new string('[', 30_000) + new string(']', 30_000) + "\n", "application/yaml"),
            HttpStatusCode.BadRequest, "experiment.too-deep", []),
        ["deep-yaml-block"] = new(() => Post("/api/v1/validate", DeepBlockYaml(2_000), "application/yaml"), HttpStatusCode.BadRequest, "experiment.too-deep", []),
        ["deep-json-30000"] = new(() => Post("/api/v1/runs", "{\"tags\": " + new string('[', 30_000) + new string(']', 30_000) + "}", "application/json"),
            HttpStatusCode.BadRequest, "experiment.too-deep", []),
        ["yaml-alias-bomb"] = new(() => Post("/api/v1/runs", AliasBomb(), "application/yaml"), HttpStatusCode.BadRequest, "experiment.alias-limit", []),
        ["body-over-limit"] = new(() => Expecting(Post("/api/v1/runs", new string(' ', 5 * 1024 * 1024), "application/json")), HttpStatusCode.RequestEntityTooLarge, "limit", []),
        ["reservation-body-over-limit"] = new(() => Expecting(Post("/api/v1/reservations", "{\"backend\": \"" + new string('x', 100_000) + "\"}", "application/json")),
            HttpStatusCode.RequestEntityTooLarge, "limit", []),
        ["huge-name"] = new(() => Post("/api/v1/runs", Experiment(name: new string('n', 100_000)), "application/json"), HttpStatusCode.BadRequest, "\"path\":\"name\"", []),
        ["too-many-tags"] = new(() => Post("/api/v1/runs", Experiment(tags: string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"t{i}\""))), "application/json"),
            HttpStatusCode.BadRequest, "at most 64 items", []),
        ["huge-tag"] = new(() => Post("/api/v1/runs", Experiment(tags: "\"" + new string('t', 1_000_000) + "\""), "application/json"),
            HttpStatusCode.BadRequest, "at most 128 characters", []),
        ["lone-surrogate-tag"] = new(() => Post("/api/v1/runs", Experiment(tags: "\"\\ud800\""), "application/json"), HttpStatusCode.BadRequest, "experiment.invalid-text", []),
        ["lone-surrogate-key"] = new(() => Post("/api/v1/runs", "{\"\\udfff\": 1}", "application/json"), HttpStatusCode.BadRequest, "experiment.invalid-text", []),
        ["version-1e300"] = new(() => Post("/api/v1/runs", Experiment().Replace("\"version\": 1", "\"version\": 1e300", StringComparison.Ordinal), "application/json"),
            HttpStatusCode.BadRequest, "experiment.number-out-of-range", []),
        ["shots-1e11"] = new(() => Post("/api/v1/runs", Experiment(shots: "100000000000"), "application/json"), HttpStatusCode.BadRequest, "\"path\":\"shots\"", []),
        ["shots-times-points"] = new(() => Post("/api/v1/runs", Experiment(shots: "10000000", parameters: "{\"t\": {\"linspace\": {\"start\": 0, \"stop\": 1, \"num\": 1000}}}"), "application/json"),
            HttpStatusCode.BadRequest, "quota.shots-per-run", []),
        ["reservation-missing-fields"] = new(() => Post("/api/v1/reservations", "{}", "application/json"), HttpStatusCode.BadRequest, "reservation.missing-field", []),
        ["reservation-null-fields"] = new(() => Post("/api/v1/reservations", "{\"backend\": null, \"tenant\": null, \"start\": null, \"end\": null}", "application/json"),
            HttpStatusCode.BadRequest, "\"path\":\"start\"", []),
        ["reservation-null-body"] = new(() => Post("/api/v1/reservations", "null", "application/json"), HttpStatusCode.BadRequest, "urn:qxm:problem", []),
        ["reservation-bad-date"] = new(() => Post("/api/v1/reservations", "{\"backend\": \"sim.statevector\", \"tenant\": \"default\", \"start\": \"1e300\", \"end\": 5}", "application/json"),
            HttpStatusCode.BadRequest, "urn:qxm:problem", []),
        ["idempotency-key-other-body"] = new(() => Keyed(Experiment(shots: "20")), (HttpStatusCode)422, "idempotency.key-reused", [() => Keyed(Experiment(shots: "10"))]),
        ["idempotency-key-too-long"] = new(() => Keyed(Experiment(), new string('k', 300)), HttpStatusCode.BadRequest, "Idempotency-Key", []),
        ["form-post-cancel"] = new(() => Post("/api/v1/runs/r-0/cancel", "a=b", "application/x-www-form-urlencoded"), HttpStatusCode.UnsupportedMediaType, "HTML forms", []),
        ["multipart-submit"] = new(Multipart, HttpStatusCode.UnsupportedMediaType, "HTML forms", []),
        ["text-plain-submit"] = new(() => Post("/api/v1/runs", Experiment(), "text/plain"), HttpStatusCode.UnsupportedMediaType, "HTML forms", []),
        ["simple-cancel-no-header"] = new(() => new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs/r-0/cancel"), HttpStatusCode.UnsupportedMediaType, "X-Qxm-Client", []),
        ["foreign-host"] = new(() => new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs") { Headers = { Host = "attacker.example" } },
            HttpStatusCode.BadRequest, "host-not-allowed", []),
        ["unknown-media-type"] = new(() => Post("/api/v1/runs", "x", "application/xml"), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type", []),
        ["exponential-gate-nesting"] = new(() => Post("/api/v1/runs", Experiment(circuit: NestedGates(24)), "application/json"),
            HttpStatusCode.BadRequest, "qasm.expansion-limit", []),
        ["exponential-gate-nesting-validate"] = new(() => Post("/api/v1/validate", Experiment(circuit: NestedGates(24)), "application/json"),
            HttpStatusCode.BadRequest, "qasm.expansion-limit", []),
        ["malformed-json"] = new(() => Post("/api/v1/runs", "{\"name\": ", "application/json"), HttpStatusCode.BadRequest, "malformed JSON", []),
    };

    public static IEnumerable<string> Names => All.Keys;

    public static Case Get(string name) => All[name];

    public static string Experiment(string name = "hostile", string shots = "10", string? tags = null, string? parameters = null, string? circuit = null) =>
        "{\"version\": 1, \"name\": \"" + name + "\", \"shots\": " + shots + ", \"backend\": \"sim.statevector\", "
        + "\"circuit\": {\"source\": \"" + (circuit ?? "OPENQASM 3.0; include \\\"stdgates.inc\\\"; qubit[1] q; bit[1] c; h q[0]; c = measure q;") + "\"}"
        + (tags is null ? "" : ", \"tags\": [" + tags + "]")
        + (parameters is null ? "" : ", \"parameters\": " + parameters)
        + "}";

    /// <summary>Issue 10's 856-byte program: each gate calls the previous one twice, so the last expands to 2^levels operations.</summary>
    public static string NestedGates(int levels)
    {
        var text = new StringBuilder("OPENQASM 2.0; include \\\"qelib1.inc\\\"; qreg q[1]; gate g0 a { x a; }");
        for (var i = 1; i <= levels; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $" gate g{i} a {{ g{i - 1} a; g{i - 1} a; }}");
        }

        return text.Append(System.Globalization.CultureInfo.InvariantCulture, $" g{levels} q[0];").ToString();
    }

    public static string AliasBomb()
    {
        var text = new StringBuilder("name: a\nshots: 1\ncircuit: {source: x}\nx0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        return text.ToString();
    }

    private static string DeepBlockYaml(int depth)
    {
        var text = new StringBuilder("name: a\nshots: 1\ncircuit: {source: x}\noptions:\n");
        for (var i = 1; i < depth; i++)
        {
            text.Append(' ', i).Append("k:\n");
        }

        return text.ToString();
    }

    private static HttpRequestMessage Post(string path, string body, string mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    /// <summary>Asks before sending the body, as large uploads should: the refusal arrives before the bytes are sent.</summary>
    private static HttpRequestMessage Expecting(HttpRequestMessage request)
    {
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static HttpRequestMessage Keyed(string body, string key = "hostile-key-1")
    {
        var request = Post("/api/v1/runs", body, "application/json");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return request;
    }

    private static HttpRequestMessage Multipart()
    {
        var form = new MultipartFormDataContent { { new StringContent(Experiment()), "experiment" } };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/runs") { Content = form };
    }
}
