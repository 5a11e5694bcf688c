namespace Syncthing.Engine.Api;

/// <summary>The answer to a <see cref="RestRequest"/>: HTTP status, content type and body bytes.</summary>
public sealed record RestResponse(int Status, string ContentType, ReadOnlyMemory<byte> Body);
