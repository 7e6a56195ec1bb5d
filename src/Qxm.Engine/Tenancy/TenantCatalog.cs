using Qxm.Domain.Calibration;
using Qxm.Domain.Errors;
using Qxm.Domain.Tenancy;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Qxm.Engine.Tenancy;

/// <summary>The tenants an installation knows, read from a YAML file at start. A <c>default</c> tenant always exists
/// (weight 1, no limits) unless the file defines it otherwise.</summary>
public sealed class TenantCatalog
{
    private readonly Dictionary<string, Tenant> _tenants;

    public TenantCatalog(IEnumerable<Tenant> tenants)
    {
        ArgumentNullException.ThrowIfNull(tenants);
        _tenants = new Dictionary<string, Tenant>(StringComparer.Ordinal) { [Tenant.DefaultId] = new Tenant { Id = Tenant.DefaultId } };
        foreach (var tenant in tenants)
        {
            _tenants[tenant.Id] = tenant;
        }
    }

    public static TenantCatalog Default { get; } = new([]);

    public IReadOnlyCollection<Tenant> All => _tenants.Values;

    public IReadOnlyDictionary<string, double> Weights => _tenants.ToDictionary(t => t.Key, t => t.Value.Weight, StringComparer.Ordinal);

    public bool TryGet(string id, out Tenant tenant) => _tenants.TryGetValue(id, out tenant!);

    /// <summary>Reads <c>tenants: [{id, weight, maxQueuedRuns, shotsPerDay, allowedBackends, maxShotsPerRun, maxStoredBytes, budgetPerDay, budgetPerMonth, runDeadlineSeconds, onDrift, failover: {backend: [alternatives]},
    /// retention: {keepResultsDays, afterResults: archive|delete, keepRejectedDays}}]</c>; an error names the file,
    /// line and column.</summary>
    public static (TenantCatalog? Catalog, Diagnostic? Error) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return (null, new Diagnostic("tenants.file-not-found", $"tenant file '{path}' does not exist", path));
        }

        TenantFile? file;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
            file = deserializer.Deserialize<TenantFile>(File.ReadAllText(path));
        }
        catch (YamlException e)
        {
            var message = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
            return (null, new Diagnostic("tenants.syntax", message, path, (int)e.Start.Line, (int)e.Start.Column));
        }

        var tenants = new List<Tenant>();
        foreach (var entry in file?.Tenants ?? [])
        {
            if (string.IsNullOrWhiteSpace(entry.Id) || !(entry.Weight is null or > 0) || entry.MaxQueuedRuns < 0 || entry.ShotsPerDay < 0
                || entry.MaxShotsPerRun < 1 || entry.MaxStoredBytes < 0 || entry.BudgetPerDay < 0 || entry.BudgetPerMonth < 0 || !(entry.RunDeadlineSeconds is null or (>= 1 and <= 604_800)))
            {
                return (null, new Diagnostic("tenants.value",
                    $"tenant '{entry.Id}': id is required, weight must be positive, limits non-negative, maxShotsPerRun positive and runDeadlineSeconds 1 to 604800", path));
            }

            DriftPolicy onDrift = DriftPolicy.Run;
            if (entry.OnDrift is { } policy && !TryParsePolicy(policy, out onDrift))
            {
                return (null, new Diagnostic("tenants.value", $"tenant '{entry.Id}': onDrift must be run, flag or hold, not '{policy}'", path));
            }

            var (retention, retentionError) = ReadRetention(entry);
            if (retentionError is not null)
            {
                return (null, new Diagnostic("tenants.value", $"tenant '{entry.Id}': {retentionError}", path));
            }

            tenants.Add(new Tenant
            {
                Retention = retention,
                OnDrift = onDrift,
                Failover = (entry.Failover ?? []).ToDictionary(
                    f => f.Key, f => (IReadOnlyList<string>)[.. f.Value.Where(b => !string.IsNullOrWhiteSpace(b)).Distinct(StringComparer.Ordinal)],
                    StringComparer.Ordinal),
                Id = entry.Id,
                Weight = entry.Weight ?? 1,
                MaxQueuedRuns = entry.MaxQueuedRuns,
                ShotsPerDay = entry.ShotsPerDay,
                AllowedBackends = entry.AllowedBackends ?? [],
                MaxShotsPerRun = entry.MaxShotsPerRun,
                MaxStoredBytes = entry.MaxStoredBytes,
                BudgetPerDay = entry.BudgetPerDay,
                BudgetPerMonth = entry.BudgetPerMonth,
                RunDeadline = entry.RunDeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            });
        }

        return (new TenantCatalog(tenants), null);
    }

    private static (RetentionPolicy Policy, string? Error) ReadRetention(TenantEntry entry)
    {
        if (entry.Retention is not { } retention)
        {
            return (RetentionPolicy.KeepAll, null);
        }

        var maxDays = RetentionPolicy.MaxPeriod.TotalDays;
        static bool Valid(double? days, double max) => days is null || (days > 0 && days <= max);
        if (!Valid(retention.KeepResultsDays, maxDays) || !Valid(retention.KeepRejectedDays, maxDays))
        {
            return (RetentionPolicy.KeepAll, $"retention keepResultsDays and keepRejectedDays must be more than 0 and at most {maxDays}");
        }

        RetentionExpiry expiry;
        switch (retention.AfterResults)
        {
            case null or "archive":
                expiry = RetentionExpiry.Archive;
                break;
            case "delete":
                expiry = RetentionExpiry.Delete;
                break;
            default:
                return (RetentionPolicy.KeepAll, $"retention afterResults must be archive or delete, not '{retention.AfterResults}'");
        }

        return (new RetentionPolicy(
            retention.KeepResultsDays is { } results ? TimeSpan.FromDays(results) : null,
            expiry,
            retention.KeepRejectedDays is { } rejected ? TimeSpan.FromDays(rejected) : null), null);
    }

    private static bool TryParsePolicy(string text, out DriftPolicy policy)
    {
        policy = text switch
        {
            "run" => DriftPolicy.Run,
            "flag" => DriftPolicy.Flag,
            "hold" => DriftPolicy.Hold,
            _ => (DriftPolicy)(-1),
        };
        return Enum.IsDefined(policy);
    }
}
