using System.Globalization;
using System.Text;

namespace Qxm.Server.Fuzzing;

/// <summary>Generates requests across every endpoint from a seeded generator: valid documents, documents mutated at the
/// byte and at the structure level, oversized and deeply nested ones, odd encodings, content types and headers.</summary>
internal sealed class RequestGenerator(Random random)
{
    private const string Circuit = "OPENQASM 3.0; include \\\"stdgates.inc\\\"; qubit[2] q; bit[2] c; h q[0]; cx q[0], q[1]; c = measure q;";

    private static readonly string[] ExperimentPaths = ["/api/v1/runs", "/api/v1/validate", "/api/v1/backends/match"];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "application/yaml", "text/yaml", "application/x-yaml",
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=latin1",
        "*/*", "application/", ";;", "application/json;;q=x",
    ];

    private static readonly string[] Ids = ["r-0", "r-00000000000000000000000000000000", "..", "%00", "%2e%2e%2f", "r-" + new string('f', 32), "x", "", "%ff%fe", "' OR 1=1 --"];

    private static readonly string[] Tokens =
    [
        "null", "true", "false", "0", "-1", "1e300", "-1e300", "1e-300", "NaN", "Infinity", "18446744073709551616", "0.5", "\"\"", "\"\\ud800\"",
        "\"\\udfff\\ud800\"", "\"\\u0000\"", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]", "\"pi/0\"", "\"" + new string('x', 300) + "\"", "{\"linspace\": {\"start\": 0, \"stop\": 1, \"num\": 1000000}}",
    ];

    private readonly List<string> _knownRuns = [];
    private readonly List<string> _knownReservations = [];

    public FuzzRequest Next()
    {
        var roll = random.Next(100);
        return roll switch
        {
            < 30 => Experiment(),
            < 38 => RunRead(),
            < 44 => Cancel(),
            < 52 => Reservation(),
            < 57 => ReservationRead(),
            < 65 => List(),
            < 70 => Get(Pick(["/healthz", "/readyz", "/openapi/v1.json", "/api/v1/backends", "/api/v1/queue", "/api/v1/tenants"])),
            < 75 => Oddity(),
            _ => Experiment(),
        };
    }

    /// <summary>Learns ids from answers, so later requests reach existing objects too.</summary>
    public void Learn(string path, int status, string body)
    {
        if (status is not (201 or 202) || body.Length == 0)
        {
            return;
        }

        var at = body.IndexOf("\"id\":\"", StringComparison.Ordinal);
        if (at < 0)
        {
            return;
        }

        var end = body.IndexOf('"', at + 6);
        var id = end > at ? body[(at + 6)..end] : null;
        var list = path.Contains("reservations", StringComparison.Ordinal) ? _knownReservations : _knownRuns;
        if (id is not null && list.Count < 1000)
        {
            list.Add(id);
        }
    }

    private FuzzRequest Experiment()
    {
        var path = Pick(ExperimentPaths);
        var yaml = random.Next(4) == 0;
        var text = yaml ? ValidYaml() : ValidJson();
        var body = Encoding.UTF8.GetBytes(text);
        var oversized = false;
        switch (random.Next(12))
        {
            case 0 or 1 or 2:
                break;
            case 3:
                body = Deep(yaml, random.Next(20, 40_000));
                break;
            case 4:
                body = Encoding.UTF8.GetBytes(yaml ? AliasBomb() : text);
                break;
            case 5 when random.Next(200) == 0:
                body = Oversize(body);
                oversized = true;
                break;
            case 6:
                body = Encoding.UTF8.GetBytes(ReplaceToken(text));
                break;
            default:
                body = Mutate(body);
                break;
        }

        var contentType = random.Next(6) == 0 ? Pick(ContentTypes) : yaml ? "application/yaml" : "application/json";
        return new FuzzRequest("POST", path, body, contentType, Headers(path == "/api/v1/runs"), oversized);
    }

    private FuzzRequest RunRead()
    {
        var id = Id(_knownRuns);
        return Get(Pick([$"/api/v1/runs/{id}", $"/api/v1/runs/{id}/results"]));
    }

    private FuzzRequest Cancel()
    {
        var path = $"/api/v1/runs/{Id(_knownRuns)}/cancel";
        return random.Next(3) switch
        {
            0 => new FuzzRequest("POST", path, null, null, [new("X-Qxm-Client", "fuzz")], false),
            1 => new FuzzRequest("POST", path, "a=b"u8.ToArray(), "application/x-www-form-urlencoded", [], false),
            _ => new FuzzRequest("POST", path, null, null, [], false),
        };
    }

    private FuzzRequest Reservation()
    {
        var start = DateTimeOffset.UtcNow.AddHours(random.Next(-48, 48));
        var fields = new[]
        {
            $"\"backend\": {Pick(["\"sim.statevector\"", "\"sim.noisy\"", "null", "1", "\"nope\"", "\"\\ud800\""])}",
            $"\"tenant\": {Pick(["\"default\"", "null", "\"other\"", "[]", "\"" + new string('t', 200) + "\""])}",
            $"\"start\": {Pick(["\"" + start.ToString("O", CultureInfo.InvariantCulture) + "\"", "null", "1e300", "\"yesterday\"", "\"9999-12-31T23:59:59Z\""])}",
            $"\"end\": {Pick(["\"" + start.AddMinutes(random.Next(-60, 600)).ToString("O", CultureInfo.InvariantCulture) + "\"", "null", "\"0001-01-01T00:00:00Z\""])}",
        };
        var text = "{" + string.Join(", ", fields.Where(_ => random.Next(6) != 0)) + "}";
        var body = random.Next(5) == 0 ? Mutate(Encoding.UTF8.GetBytes(text)) : Encoding.UTF8.GetBytes(text);
        return new FuzzRequest("POST", "/api/v1/reservations", body, random.Next(8) == 0 ? Pick(ContentTypes) : "application/json", Headers(false), false);
    }

    private FuzzRequest ReservationRead()
    {
        var id = Id(_knownReservations);
        return random.Next(2) == 0
            ? Get($"/api/v1/reservations/{id}/usage")
            : new FuzzRequest("DELETE", $"/api/v1/reservations/{id}", null, null, random.Next(3) == 0 ? [] : [new("X-Qxm-Client", "fuzz")], false);
    }

    private FuzzRequest List()
    {
        var query = Pick(["", "?limit=1", "?limit=0", "?limit=-5", "?limit=99999999999", "?state=queued", "?state=%00", "?state=bogus", "?backend=sim.statevector&limit=3", "?limit=abc"]);
        return Get(Pick(["/api/v1/runs", "/api/v1/reservations", "/api/v1/queue"]) + query);
    }

    private FuzzRequest Oddity() => random.Next(6) switch
    {
        0 => new FuzzRequest(Pick(["PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]), Pick([.. ExperimentPaths, "/api/v1/queue", "/healthz"]), null, null, [new("X-Qxm-Client", "fuzz")], false),
        1 => Get("/api/v1/" + Pick(["nope", "runs/" + new string('a', 4000), "runs/%", "../../etc/passwd", "runs/r-0/results/x"])),
        2 => new FuzzRequest("GET", "/api/v1/runs", null, null, [new("Host", Pick(["attacker.example", "127.0.0.1.nip.io", "[::2]"]))], false),
        3 => new FuzzRequest("POST", "/api/v1/runs", Encoding.UTF8.GetBytes(ValidJson()), "application/json", [new("Idempotency-Key", Pick(["k", "k k", new string('k', 400), "k\tk"]))], false),
        4 => new FuzzRequest("POST", "/api/v1/runs", Encoding.Unicode.GetBytes(ValidJson()), "application/json", [], false),
        _ => new FuzzRequest("POST", Pick(ExperimentPaths), [0xff, 0xfe, 0x00, 0xc3, 0x28, 0xed, 0xa0, 0x80], Pick(ContentTypes), [], false),
    };

    private List<KeyValuePair<string, string>> Headers(bool submit)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (submit && random.Next(4) == 0)
        {
            // A few keys reused often, so replays and reuses with other bodies both happen.
            headers.Add(new("Idempotency-Key", "fuzz-" + random.Next(50).ToString(CultureInfo.InvariantCulture)));
        }

        if (random.Next(10) == 0)
        {
            headers.Add(new("X-Qxm-Tenant", Pick(["default", "nobody", "", new string('t', 300)])));
        }

        return headers;
    }

    private string ValidJson()
    {
        var shots = Pick(["10", "100", "1", "1000"]);
        var tags = random.Next(3) == 0 ? ", \"tags\": [\"fuzz\", \"t" + random.Next(1000).ToString(CultureInfo.InvariantCulture) + "\"]" : "";
        var sweep = random.Next(4) == 0 ? ", \"parameters\": {\"t\": {\"linspace\": {\"start\": 0, \"stop\": 3.14, \"num\": 4}}}" : "";
        var circuit = sweep.Length > 0
            ? "OPENQASM 3.0; include \\\"stdgates.inc\\\"; input float t; qubit[1] q; bit[1] c; ry(t) q[0]; c = measure q;"
            : Circuit;
        return "{\"version\": 1, \"name\": \"fuzz-" + random.Next(100).ToString(CultureInfo.InvariantCulture) + "\", \"shots\": " + shots
            + ", \"seed\": " + random.Next(1000).ToString(CultureInfo.InvariantCulture) + ", \"circuit\": {\"source\": \"" + circuit + "\"}" + tags + sweep + "}";
    }

    private string ValidYaml() =>
        "version: 1\nname: fuzz-yaml-" + random.Next(100).ToString(CultureInfo.InvariantCulture) + "\nshots: 10\ncircuit:\n  source: |\n    OPENQASM 3.0;\n    include \"stdgates.inc\";\n"
        + "    qubit[1] q;\n    bit[1] c;\n    h q[0];\n    c = measure q;\ntags: [a, b]\n";

    private byte[] Deep(bool yaml, int depth)
    {
        var open = yaml && random.Next(2) == 0 ? "{a: " : "[";
        var close = open == "[" ? "]" : "}";
        var text = new StringBuilder(yaml ? "name: a\nshots: 1\ncircuit: {source: x}\ntags: " : "{\"name\": \"a\", \"tags\": ");
        text.Insert(text.Length, open, depth).Insert(text.Length, close, depth);
        text.Append(yaml ? "\n" : "}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private string AliasBomb()
    {
        var levels = random.Next(3, 12);
        var text = new StringBuilder("name: a\nshots: 1\ncircuit: {source: x}\nx0: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]\n");
        for (var i = 1; i < levels; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"x{i}: &a{i} [{string.Join(",", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        return text.ToString();
    }

    private byte[] Oversize(byte[] body)
    {
        var big = new byte[random.Next(5, 9) * 1024 * 1024];
        Array.Fill(big, (byte)' ');
        body.CopyTo(big, 0);
        return big;
    }

    private string ReplaceToken(string text)
    {
        // Swap one value (after a colon) for a hostile token.
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return text;
        }

        var at = colons[random.Next(colons.Count)] + 1;
        var end = text.IndexOfAny([',', '}'], at);
        return end < 0 ? text : text[..at] + " " + Pick(Tokens) + text[end..];
    }

    private byte[] Mutate(byte[] body)
    {
        var bytes = body.ToList();
        for (var n = random.Next(1, 6); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(["{", "[", "\"", "\\u", "&a ", "*a", "\n  ", "\t", ":", "---\n", "!!binary ", "\0", "\ud83d\ude00"])));
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    var slice = bytes.Skip(at).Take(random.Next(1, 64)).ToList();
                    bytes.InsertRange(at, slice);
                    break;
                default:
                    bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static FuzzRequest Get(string path) => new("GET", path, null, null, [], false);

    private string Id(List<string> known) => known.Count > 0 && random.Next(3) != 0 ? known[random.Next(known.Count)] : Pick(Ids);

    private string Pick(string[] items) => items[random.Next(items.Length)];
}
