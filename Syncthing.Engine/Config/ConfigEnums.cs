namespace Syncthing.Engine.Config;

// The enumerated values of config.xml. Their text forms (config.xml and REST JSON) live in ConfigEnumText.

/// <summary>A folder's role: <c>sendreceive</c>, <c>sendonly</c>, <c>receiveonly</c>, <c>receiveencrypted</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<FolderType>))]
public enum FolderType
{
    SendReceive,
    SendOnly,
    ReceiveOnly,
    ReceiveEncrypted,
}

/// <summary>The order in which a folder pulls files.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<PullOrder>))]
public enum PullOrder
{
    Random,
    Alphabetic,
    SmallestFirst,
    LargestFirst,
    OldestFirst,
    NewestFirst,
}

/// <summary>The order in which the blocks of one file are pulled.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<BlockPullOrder>))]
public enum BlockPullOrder
{
    Standard,
    Random,
    InOrder,
}

/// <summary>How data is copied between files on the same filesystem.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<CopyRangeMethod>))]
public enum CopyRangeMethod
{
    Standard,
    Ioctl,
    CopyFileRange,
    SendFile,
    DuplicateExtents,
    All,
}

/// <summary>The filesystem implementation backing a folder or versioning path.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<FilesystemType>))]
public enum FilesystemType
{
    Basic,
    Fake,
}

/// <summary>When BEP messages to a device are compressed.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<Compression>))]
public enum Compression
{
    Metadata,
    Never,
    Always,
}

/// <summary>How GUI users authenticate.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<AuthMode>))]
public enum AuthMode
{
    Static,
    Ldap,
}

/// <summary>The transport used to reach the LDAP server.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<LdapTransport>))]
public enum LdapTransport
{
    Plain,
    Tls,
    StartTls,
}

/// <summary>Database tuning profile.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(ConfigEnumJsonConverter<DatabaseTuning>))]
public enum DatabaseTuning
{
    Auto,
    Small,
    Large,
}
