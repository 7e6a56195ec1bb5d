using System.Text.Json;
using System.Text.Json.Serialization;

namespace Qxm.Engine.Bundles;

/// <summary>How bundle documents are written and read: camelCase, enums by name, one encoding on every installation.</summary>
internal static class BundleJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        MaxDepth = 64,
    };
}
