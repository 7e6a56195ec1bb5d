namespace Qxm.Backends.Devices;

/// <summary>The fake devices: those shipped inside qxm, then the user's own data files, which may replace a shipped one
/// by using its name.</summary>
public static class DeviceCatalog
{
    private const string ResourcePrefix = "Qxm.Backends.Devices.";

    /// <summary>The devices shipped inside qxm.</summary>
    public static IReadOnlyList<DeviceDefinition> BuiltIn()
    {
        var assembly = typeof(DeviceCatalog).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return DeviceFileReader.Read(reader.ReadToEnd(), n[ResourcePrefix.Length..]);
            })];
    }

    /// <summary>Shipped devices plus every <c>*.json</c> in <paramref name="directory"/> (when it exists).</summary>
    public static IReadOnlyList<DeviceDefinition> Load(string? directory)
    {
        var byName = BuiltIn().ToDictionary(d => d.Name, StringComparer.Ordinal);
        if (directory is not null && Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                var device = DeviceFileReader.Read(File.ReadAllText(file), Path.GetFileName(file));
                byName[device.Name] = device;
            }
        }

        return [.. byName.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }
}
