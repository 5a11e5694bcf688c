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

    [JsonIgnore]
    public XmlExtras Extras { get; init; } = XmlExtras.None;
}
