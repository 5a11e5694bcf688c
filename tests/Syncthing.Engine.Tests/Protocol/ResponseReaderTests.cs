using System.Runtime.InteropServices;
using Google.Protobuf;
using Syncthing.Engine.Protocol;
using Syncthing.Engine.Protocol.Wire;
using Xunit;

namespace Syncthing.Engine.Tests.Protocol;

/// <summary>
/// The copy-free Response reader agrees with the generated parser on every Response it accepts, hands out data that
/// is a slice of the received bytes, and declines (leaving the decision to the parser) whatever it does not expect.
/// </summary>
public sealed class ResponseReaderTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 0, 0 }, { 1, 0, 0 }, { 7, 3, 0 }, { int.MaxValue, 131072, 0 }, { -1, 17, 2 }, { 12345, 0, 3 }, { 5, 1, 99 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Accepts_what_the_parser_accepts_and_aliases_the_data(int id, int size, int code)
    {
        var data = new byte[size];
        new Random(id ^ size).NextBytes(data);
        var bytes = new Response { Id = id, Code = (ErrorCode)code, Data = ByteString.CopyFrom(data) }.ToByteArray();

        Assert.True(ResponseReader.TryRead(bytes, out var read));

        var parsed = Response.Parser.ParseFrom(bytes);
        Assert.Equal(parsed, read);
        if (size > 0)
        {
            Assert.True(MemoryMarshal.TryGetArray(read.Data.Memory, out var segment));
            Assert.Same(bytes, segment.Array); // Not a copy: the data is the payload's own bytes.
        }
    }

    [Fact]
    public void Random_responses_read_the_same_as_the_parser()
    {
        var random = new Random(42);
        for (var i = 0; i < 500; i++)
        {
            var data = new byte[random.Next(0, 300)];
            random.NextBytes(data);
            var original = new Response { Id = random.Next(int.MinValue, int.MaxValue), Code = (ErrorCode)random.Next(0, 4), Data = ByteString.CopyFrom(data) };
            Assert.True(ResponseReader.TryRead(original.ToByteArray(), out var read));
            Assert.Equal(original, read);
        }
    }

    [Fact]
    public void A_repeated_field_keeps_the_last_value_as_protobuf_does()
    {
        var bytes = new Response { Id = 1, Data = ByteString.CopyFromUtf8("first") }.ToByteArray()
            .Concat(new Response { Id = 2, Data = ByteString.CopyFromUtf8("second") }.ToByteArray()).ToArray();

        Assert.True(ResponseReader.TryRead(bytes, out var read));

        Assert.Equal(Response.Parser.ParseFrom(bytes), read);
        Assert.Equal("second", read.Data.ToStringUtf8());
    }

    [Theory]
    [InlineData("4a0161")] // field 9 (unknown), length-delimited: the parser keeps it as an unknown field
    [InlineData("0d01000000")] // field 1 with a fixed32 wire type
    [InlineData("1205616263")] // data declares 5 bytes, 3 follow
    [InlineData("08")] // a tag with no value
    [InlineData("08ffffffffffffffffffff01")] // an over-long varint
    public void Declines_what_it_does_not_expect(string hex)
    {
        Assert.False(ResponseReader.TryRead(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public async Task A_response_frame_owns_its_payload_and_other_frames_do_not()
    {
        var data = new byte[4096];
        new Random(3).NextBytes(data);
        using var responseFrame = FrameCodec.Encode(new Response { Id = 9, Data = ByteString.CopyFrom(data) }, CompressionMode.Never);
        using var requestFrame = FrameCodec.Encode(new Request { Id = 9, Folder = "f", Name = "a", Size = 4096 }, CompressionMode.Never);
        using var stream = new MemoryStream([.. responseFrame.Memory.ToArray(), .. requestFrame.Memory.ToArray()]);

        var response = await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default);
        var request = await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default);

        Assert.Equal(data, ((Response)response.Body).Data.ToByteArray());
        Assert.NotNull(response.Lease);
        Assert.Null(request.Lease);
        response.Lease!.Dispose();
    }

    [Fact]
    public async Task A_response_with_an_unknown_field_still_parses_through_the_generated_parser()
    {
        var bytes = new Response { Id = 4, Data = ByteString.CopyFromUtf8("x") }.ToByteArray().Concat(Convert.FromHexString("4a0161")).ToArray();
        var frame = Convert.FromHexString("00020804").Concat(BitConverter.GetBytes(bytes.Length).Reverse()).Concat(bytes).ToArray();
        using var stream = new MemoryStream(frame);

        var message = await FrameCodec.ReadAsync(stream, BepLimits.MaxMessageLength, default);

        Assert.Equal(Response.Parser.ParseFrom(bytes), message.Body);
        Assert.Null(message.Lease);
    }
}
