using System.Text.Json.Serialization;

namespace Syncthing.Engine.Config;

/// <summary>The <c>&lt;ldap&gt;</c> element, used when the GUI's auth mode is LDAP.</summary>
public sealed record LdapConfiguration
{
    public string Address { get; init; } = "";

    [JsonPropertyName("bindDN")]
    public string BindDn { get; init; } = "";

    public LdapTransport Transport { get; init; } = LdapTransport.Plain;

    public bool InsecureSkipVerify { get; init; }

    [JsonPropertyName("searchBaseDN")]
    public string SearchBaseDn { get; init; } = "";

    public string SearchFilter { get; init; } = "";

    // A field behind it, because generated JSON code assigns ignored init-only properties too (null here).
    private readonly XmlExtras _extras = XmlExtras.None;

    [JsonIgnore]
    public XmlExtras Extras { get => _extras; init => _extras = value ?? XmlExtras.None; }
}
