using System.Text.Json.Nodes;
using Syncthing.Engine.Config;
using Syncthing.Engine.Identity;

namespace Syncthing.Engine.Tests.Config;

public class ConfigJsonTests
{
    public static TheoryData<string> Samples() => new()
    {
        "rest_config.json",
        "rest_config_folders.json",
        "rest_config_devices.json",
        "rest_config_options.json",
        "rest_config_gui.json",
        "rest_config_defaults_folder.json",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void RestSamplesRoundTripWithEveryFieldAndValue(string sample)
    {
        var original = ConfigTestData.Read(Path.Combine("rest", sample));

        var roundTripped = sample switch
        {
            "rest_config.json" => ConfigJson.Serialize(ConfigJson.Deserialize<Configuration>(original)),
            "rest_config_folders.json" => ConfigJson.Serialize(ConfigJson.Deserialize<ValueList<FolderConfiguration>>(original)),
            "rest_config_devices.json" => ConfigJson.Serialize(ConfigJson.Deserialize<ValueList<DeviceConfiguration>>(original)),
            "rest_config_options.json" => ConfigJson.Serialize(ConfigJson.Deserialize<OptionsConfiguration>(original)),
            "rest_config_gui.json" => ConfigJson.Serialize(ConfigJson.Deserialize<GuiConfiguration>(original)),
            "rest_config_defaults_folder.json" => ConfigJson.Serialize(ConfigJson.Deserialize<FolderConfiguration>(original)),
            _ => throw new ArgumentOutOfRangeException(nameof(sample)),
        };

        AssertContains(JsonNode.Parse(original), JsonNode.Parse(roundTripped), "$");
    }

    [Fact]
    public void WholeConfigSampleReadsIntoTypedValues()
    {
        var c = ConfigJson.Deserialize<Configuration>(ConfigTestData.Read("rest/rest_config.json"));

        var probe = DeviceId.Parse("QQYQ53F-AQK4XBN-I37MJSV-BJ4QB7S-YZLY6CQ-R22QLBO-LBR3KPJ-BOIQFQQ");
        Assert.Equal(36, c.Version);
        Assert.Equal("probe", c.Folders[0].Id);
        Assert.Equal(FolderType.SendReceive, c.Folders[0].Type);
        Assert.Contains(c.Folders[0].Devices, d => d.DeviceId == probe);
        Assert.Equal(Compression.Metadata, c.Devices[1].Compression);
        Assert.Equal(["tcp://127.0.0.1:22001"], c.Options.ListenAddresses);
        Assert.Equal(-1, c.Options.UrAccepted);
        Assert.Equal("testapikey123", c.Gui.ApiKey);
    }

    [Fact]
    public void WritesSyncthingsNamesAndStrings()
    {
        var id = DeviceId.Parse("P56IOI7-MZJNU2Y-IQGDREY-DM2MGTI-MGL3BXN-PQ6W5BM-TBBZ4TJ-XZWICQ2");
        var folder = new FolderConfiguration
        {
            Id = "f",
            Path = "/p",
            Type = FolderType.ReceiveOnly,
            CaseSensitiveFS = true,
            Devices = ValueList.Of(new FolderDeviceConfiguration { DeviceId = id }),
        };

        var json = JsonNode.Parse(ConfigJson.Serialize(folder))!;

        Assert.Equal("receiveonly", (string?)json["type"]);
        Assert.Equal(id.ToString(), (string?)json["devices"]![0]!["deviceID"]);
        Assert.Equal("", (string?)json["devices"]![0]!["introducedBy"]);
        Assert.True((bool?)json["caseSensitiveFS"]);
        Assert.Equal(3600, (int?)json["rescanIntervalS"]);
        Assert.Null(json["extras"]);
        Assert.Equal(folder, ConfigJson.Deserialize<FolderConfiguration>(json.ToJsonString()));
    }

    [Fact]
    public void ObservedTimesUseGoRfc3339()
    {
        var device = new DeviceConfiguration
        {
            IgnoredFolders = ValueList.Of(new ObservedFolder { Time = new DateTimeOffset(2022, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), Id = "x" }),
        };

        var json = JsonNode.Parse(ConfigJson.Serialize(device))!;

        Assert.Equal("2022-05-06T07:08:09.5Z", (string?)json["ignoredFolders"]![0]!["time"]);
        Assert.Equal(device, ConfigJson.Deserialize<DeviceConfiguration>(json.ToJsonString()));
    }

    [Fact]
    public void MissingFieldsTake119DefaultsAndAliasesAreAccepted()
    {
        var folder = ConfigJson.Deserialize<FolderConfiguration>("""{"id":"f","path":"/p","type":"readonly"}""");

        Assert.Equal(new FolderConfiguration { Id = "f", Path = "/p", Type = FolderType.SendOnly }, folder);
    }

    [Fact]
    public void MissingFieldsOfNestedObjectsAndListElementsTake119DefaultsToo()
    {
        var config = ConfigJson.Deserialize<Configuration>(
            """{"folders":[{"id":"a","path":"/a","versioning":{"type":"simple"}}],"options":{"maxSendKbps":5},"defaults":{"folder":{"id":""}}}""");

        Assert.Equal(
            new FolderConfiguration { Id = "a", Path = "/a", Versioning = new VersioningConfiguration { Type = "simple" } },
            Assert.Single(config.Folders));
        Assert.Equal(new OptionsConfiguration { MaxSendKbps = 5 }, config.Options);
        // A nested object present in the JSON starts from its own type's defaults (as reflection-based reading did).
        Assert.Equal(new FolderConfiguration(), config.Defaults.Folder);
        Assert.Equal(new DefaultsConfiguration().Device, config.Defaults.Device);
        Assert.Equal(new GuiConfiguration(), config.Gui);
        Assert.Equal(new Configuration().Devices, config.Devices);
    }

    [Fact]
    public void EveryRecordWithInitialisedPropertiesHasItsDefaultsFilledIn()
    {
        // A record constructed without arguments carries 1.19's defaults in its initialisers; the source-generated
        // reader would replace them with default(T), so each one must be known to ConfigJsonDefaults.
        var records = typeof(Configuration).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(Configuration).Namespace && t.IsPublic && t.IsClass && !t.IsAbstract
                && t.GetConstructor(Type.EmptyTypes) is not null && t.GetMethod("<Clone>$") is not null && t != typeof(XmlExtras))
            .ToList();

        Assert.NotEmpty(records);
        Assert.Empty(records.Except(ConfigJsonDefaults.Types));
        Assert.All(records, t => Assert.NotNull(ConfigJson.Options.GetTypeInfo(t)));
    }

    [Fact]
    public void A_property_named_twice_is_a_config_validation_error()
    {
        var e = Assert.Throws<ConfigValidationException>(
            () => ConfigJson.Deserialize<FolderConfiguration>("""{"id":"a","id":"b"}"""));

        Assert.Contains("FolderConfiguration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidDeviceIdIsAConfigValidationError()
    {
        var e = Assert.Throws<ConfigValidationException>(
            () => ConfigJson.Deserialize<DeviceConfiguration>("""{"deviceID":"ABC-DEF"}"""));

        Assert.Contains("deviceID", e.Message, StringComparison.Ordinal);
        Assert.Contains("ABC-DEF", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Every field of <paramref name="expected"/> is in <paramref name="actual"/> with the same value.</summary>
    private static void AssertContains(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject obj:
                var actualObj = Assert.IsType<JsonObject>(actual);
                foreach (var (key, value) in obj)
                {
                    Assert.True(actualObj.ContainsKey(key), $"{path}.{key} is missing after the round trip");
                    AssertContains(value, actualObj[key], $"{path}.{key}");
                }

                break;
            case JsonArray arr:
                var actualArr = Assert.IsType<JsonArray>(actual);
                Assert.True(arr.Count == actualArr.Count, $"{path}: {arr.Count} items expected, {actualArr.Count} found");
                for (var i = 0; i < arr.Count; i++)
                {
                    AssertContains(arr[i], actualArr[i], $"{path}[{i}]");
                }

                break;
            case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                Assert.True(
                    actual is JsonValue av && av.GetValueKind() == System.Text.Json.JsonValueKind.Number && av.GetValue<decimal>() == v.GetValue<decimal>(),
                    $"{path}: expected {v.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}
