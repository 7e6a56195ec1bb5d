using System.Globalization;
using System.Text.Json;
using Qxm.Backends.Vendors;
using Qxm.Backends.Vendors.Azure;
using Qxm.Domain.Errors;
using Qxm.Engine.Experiments;

namespace Qxm.Engine.Vendors;

/// <summary>Reads <c>backends.yaml</c>: the remote backends of an installation, each with its vendor, device, optional
/// endpoint, where its credentials are (never the credentials themselves) and an optional price override. Every problem
/// is a diagnostic at the line and column of the offending text; a file with any error declares no backend.</summary>
public static class RemoteBackendsFile
{
    public const string FileName = "backends.yaml";

    private static readonly string[] EntryFields = ["id", "vendor", "device", "url", "credentials", "pricing", "instance", "tokenUrl", "clientId", "directory", "region", "bucket", "prefix", "s3Url"];
    private static readonly string[] PricingFields =
        ["perTask", "perShot", "perOneQubitGateShot", "perTwoQubitGateShot", "perSecond", "minimumPerTask", "secondsPerTask", "secondsPerShot", "perHqc"];

    public static (IReadOnlyList<RemoteBackendOptions> Backends, IReadOnlyList<Diagnostic> Diagnostics) Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            return ([], [new Diagnostic("backends.file-not-found", $"the backends file '{path}' does not exist", path)]);
        }

        return Parse(File.ReadAllText(path), path, environment);
    }

    public static (IReadOnlyList<RemoteBackendOptions> Backends, IReadOnlyList<Diagnostic> Diagnostics) Parse(
        string text, string origin, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        environment ??= Environment.GetEnvironmentVariable;
        var diagnostics = new List<Diagnostic>();
        var document = YamlSourceReader.Read(text, origin, diagnostics);
        if (document is null || diagnostics.Any(d => d.IsError))
        {
            return ([], diagnostics);
        }

        var reader = new Reader(document, origin, diagnostics, environment);
        var backends = reader.Read();
        return (diagnostics.Any(d => d.IsError) ? [] : backends, diagnostics);
    }

    private sealed class Reader(SourceDocument document, string origin, List<Diagnostic> diagnostics, Func<string, string?> environment)
    {
        public List<RemoteBackendOptions> Read()
        {
            var backends = new List<RemoteBackendOptions>();
            var root = document.Root;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("backends", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                Error("", "backends.shape", "the file must be a mapping with a 'backends' list");
                return backends;
            }

            foreach (var member in root.EnumerateObject().Where(m => m.Name != "backends"))
            {
                Error(SourceDocument.Child("", member.Name), "backends.unknown-field", $"unknown field '{member.Name}'; the file has only 'backends'", key: true);
            }

            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.GetArrayLength(); i++)
            {
                var pointer = SourceDocument.Child("/backends", i);
                if (Entry(list[i], pointer) is { } entry)
                {
                    if (!ids.Add(entry.Id))
                    {
                        Error(SourceDocument.Child(pointer, "id"), "backends.duplicate-id", $"backend id '{entry.Id}' is declared twice");
                    }

                    backends.Add(entry);
                }
            }

            return backends;
        }

        private RemoteBackendOptions? Entry(JsonElement entry, string pointer)
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                Error(pointer, "backends.shape", "each backend is a mapping with id, vendor, device and credentials");
                return null;
            }

            Unknown(entry, pointer, EntryFields);
            var id = RequiredString(entry, pointer, "id");
            var vendor = RequiredString(entry, pointer, "vendor");
            var device = RequiredString(entry, pointer, "device");
            if (id is not null && (id.StartsWith("sim.", StringComparison.Ordinal) || id.StartsWith("fake.", StringComparison.Ordinal) || id.Any(char.IsWhiteSpace)))
            {
                Error(SourceDocument.Child(pointer, "id"), "backends.id", $"backend id '{id}' may not start with sim. or fake. (qxm's own) nor contain spaces");
                id = null;
            }

            if (vendor is not null && !RemoteBackendOptions.Supported.Contains(vendor))
            {
                Error(SourceDocument.Child(pointer, "vendor"), "backends.vendor", RemoteBackendOptions.Vendors.Contains(vendor)
                    ? $"vendor '{vendor}' has no adapter in this build yet; supported: {string.Join(", ", RemoteBackendOptions.Supported)}"
                    : $"unknown vendor '{vendor}'; expected one of {string.Join(", ", RemoteBackendOptions.Vendors)}");
                vendor = null;
            }

            var url = Address(entry, pointer, "url");
            var tokenUrl = Address(entry, pointer, "tokenUrl");
            string? instance = null;
            if (entry.TryGetProperty("instance", out _))
            {
                instance = RequiredString(entry, pointer, "instance");
            }
            else if (vendor == RemoteBackendOptions.Ibm)
            {
                Error(pointer, "backends.missing-field", "'instance' is required for ibm: the service instance's CRN (crn:v1:bluemix:public:quantum-computing:...)");
            }
            else if (vendor == RemoteBackendOptions.Azure)
            {
                Error(pointer, "backends.missing-field", "'instance' is required for azure: the workspace's resource id (/subscriptions/.../providers/Microsoft.Quantum/Workspaces/NAME)");
            }

            string? clientId = null, directory = null;
            if (entry.TryGetProperty("clientId", out _))
            {
                clientId = RequiredString(entry, pointer, "clientId");
            }

            if (entry.TryGetProperty("directory", out _))
            {
                directory = RequiredString(entry, pointer, "directory");
            }

            if (vendor == RemoteBackendOptions.Azure)
            {
                if (url is null && !entry.TryGetProperty("url", out _))
                {
                    Error(pointer, "backends.missing-field", "'url' is required for azure: the workspace's regional endpoint (https://<region>.quantum.azure.com)");
                }

                if (clientId is not null && directory is null && tokenUrl is null)
                {
                    Error(SourceDocument.Child(pointer, "clientId"), "backends.missing-field", "'directory' (the Microsoft Entra tenant id) is required with clientId");
                }

                if (device is not null && !AzureTargets.IsKnown(device))
                {
                    Error(SourceDocument.Child(pointer, "device"), "backends.device", $"Azure Quantum target '{device}' is not one qxm knows; expected one of {string.Join(", ", AzureTargets.Known)}");
                }
            }

            var credential = Credential(entry, pointer);
            var pricing = Pricing(entry, pointer);
            var (region, bucket, prefix, s3Url) = BraketFields(entry, pointer, vendor, ref device);
            return id is null || vendor is null || device is null || credential is null
                ? null
                : new RemoteBackendOptions(id, vendor, device, url, credential)
                {
                    Pricing = pricing, Instance = instance, TokenEndpoint = tokenUrl, ClientId = clientId, Directory = directory,
                    Region = region, Bucket = bucket, Prefix = prefix, StorageEndpoint = s3Url,
                };
        }

        /// <summary>Braket's device is an ARN and its results go to an S3 bucket the file names.</summary>
        private (string? Region, string? Bucket, string? Prefix, Uri? S3Url) BraketFields(JsonElement entry, string pointer, string? vendor, ref string? device)
        {
            var region = entry.TryGetProperty("region", out _) ? RequiredString(entry, pointer, "region") : null;
            var bucket = entry.TryGetProperty("bucket", out _) ? RequiredString(entry, pointer, "bucket") : null;
            var prefix = entry.TryGetProperty("prefix", out _) ? RequiredString(entry, pointer, "prefix") : null;
            var s3Url = Address(entry, pointer, "s3Url");
            if (vendor != RemoteBackendOptions.Braket)
            {
                return (region, bucket, prefix, s3Url);
            }

            if (device is not null && !(device.StartsWith("arn:aws:braket:", StringComparison.Ordinal) && device.Contains(":device/", StringComparison.Ordinal)))
            {
                Error(SourceDocument.Child(pointer, "device"), "backends.device", "a Braket device is its ARN, e.g. arn:aws:braket:::device/quantum-simulator/amazon/sv1");
                device = null;
            }

            if (bucket is null && !entry.TryGetProperty("bucket", out _))
            {
                Error(pointer, "backends.missing-field", "'bucket' is required for braket: the S3 bucket its tasks write results to (amazon-braket-...)");
            }

            return (region, bucket, prefix, s3Url);
        }

        private Uri? Address(JsonElement entry, string pointer, string name)
        {
            if (!entry.TryGetProperty(name, out var u))
            {
                return null;
            }

            if (u.ValueKind != JsonValueKind.String || !Uri.TryCreate(u.GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                Error(SourceDocument.Child(pointer, name), "backends.url", $"{name} must be an absolute http or https address");
                return null;
            }

            return url;
        }

        private VendorCredential? Credential(JsonElement entry, string pointer)
        {
            var at = SourceDocument.Child(pointer, "credentials");
            if (!entry.TryGetProperty("credentials", out var c))
            {
                Error(pointer, "backends.credentials", "credentials are required: { env: VARIABLE } or { file: path }");
                return null;
            }

            if (c.ValueKind != JsonValueKind.Object || c.EnumerateObject().Count() != 1)
            {
                Error(at, "backends.credentials", "credentials take exactly one of { env: VARIABLE } or { file: path }, never the secret itself");
                return null;
            }

            var only = c.EnumerateObject().Single();
            if (only.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(only.Value.GetString()))
            {
                Error(SourceDocument.Child(at, only.Name), "backends.credentials", $"credentials.{only.Name} must be a non-empty string");
                return null;
            }

            var value = only.Value.GetString()!;
            switch (only.Name)
            {
                case "env":
                    if (string.IsNullOrEmpty(environment(value)))
                    {
                        Warn(SourceDocument.Child(at, "env"), "backends.credentials-missing", $"the environment variable {value} is not set; calls to this backend will fail until it is");
                    }

                    return VendorCredential.FromEnvironment(value, environment);
                case "file":
                    var path = Path.IsPathRooted(value) || origin.StartsWith('<') ? value : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(origin)) ?? "", value);
                    if (File.Exists(path) && !OperatingSystem.IsWindows()
                        && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
                    {
                        Error(SourceDocument.Child(at, "file"), "backends.credentials-mode", $"the credentials file {value} may be read by others; make it 0600 (chmod 600)");
                        return null;
                    }

                    return VendorCredential.FromFile(path);
                default:
                    Error(SourceDocument.Child(at, only.Name), "backends.credentials", $"credentials take env or file, not '{only.Name}'; the secret itself never goes in this file", key: true);
                    return null;
            }
        }

        private PriceModel? Pricing(JsonElement entry, string pointer)
        {
            if (!entry.TryGetProperty("pricing", out var p))
            {
                return null;
            }

            var at = SourceDocument.Child(pointer, "pricing");
            if (p.ValueKind != JsonValueKind.Object)
            {
                Error(at, "backends.pricing", "pricing is a mapping such as { perTask: 0.30, perShot: 0.00035 }");
                return null;
            }

            Unknown(p, at, PricingFields);
            decimal Price(string name)
            {
                if (!p.TryGetProperty(name, out var v))
                {
                    return 0;
                }

                if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var value) && value >= 0)
                {
                    return value;
                }

                Error(SourceDocument.Child(at, name), "backends.pricing", $"pricing.{name} must be a number of {(name.StartsWith("seconds", StringComparison.Ordinal) ? "seconds" : "dollars")}, 0 or more");
                return 0;
            }

            return new PriceModel
            {
                PerTask = Price("perTask"), PerShot = Price("perShot"), PerOneQubitGateShot = Price("perOneQubitGateShot"),
                PerTwoQubitGateShot = Price("perTwoQubitGateShot"), PerSecond = Price("perSecond"), MinimumPerTask = Price("minimumPerTask"),
                SecondsPerTask = Price("secondsPerTask"), SecondsPerShot = Price("secondsPerShot"), PerHqc = Price("perHqc"),
            };
        }

        private string? RequiredString(JsonElement entry, string pointer, string name)
        {
            if (!entry.TryGetProperty(name, out var value))
            {
                Error(pointer, "backends.missing-field", $"'{name}' is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Error(SourceDocument.Child(pointer, name), "backends.value", $"'{name}' must be a non-empty string");
                return null;
            }

            return value.GetString();
        }

        private void Unknown(JsonElement element, string pointer, string[] known)
        {
            foreach (var member in element.EnumerateObject().Where(m => !known.Contains(m.Name, StringComparer.Ordinal)))
            {
                Error(SourceDocument.Child(pointer, member.Name), "backends.unknown-field",
                    string.Create(CultureInfo.InvariantCulture, $"unknown field '{member.Name}'; expected one of {string.Join(", ", known)}"), key: true);
            }
        }

        private void Error(string pointer, string rule, string message, bool key = false) => Add(pointer, rule, message, key, DiagnosticSeverity.Error);

        private void Warn(string pointer, string rule, string message) => Add(pointer, rule, message, false, DiagnosticSeverity.Warning);

        private void Add(string pointer, string rule, string message, bool key, DiagnosticSeverity severity)
        {
            var at = key ? document.KeyAt(pointer) : document.ValueAt(pointer);
            diagnostics.Add(new Diagnostic(rule, message, origin, at.Line, at.Column, pointer.Length == 0 ? null : document.DisplayPath(pointer), severity));
        }
    }
}
