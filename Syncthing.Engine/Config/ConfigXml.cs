using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Syncthing.Engine.Config;

/// <summary>
/// Reads and writes Syncthing 1.19's config.xml (schema version 36). Unknown attributes and elements are kept per
/// object (<see cref="XmlExtras"/>) and written back. Saving is atomic: a temporary file in the same directory is
/// written, flushed to disk and renamed over the target.
/// </summary>
public static class ConfigXml
{
    /// <summary>config.xml files larger than this are refused rather than read into memory.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    public static async Task<Configuration> LoadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            if (stream.Length > MaxFileBytes)
            {
                throw new ConfigValidationException($"{path}: {stream.Length} bytes is larger than the {MaxFileBytes} allowed for config.xml.");
            }

            return await LoadAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<Configuration> LoadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = XmlReader.Create(stream, ReaderSettings(async: true));
        XDocument document;
        try
        {
            document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
        }
        catch (XmlException e)
        {
            throw new ConfigValidationException($"config.xml is not well-formed XML: {e.Message}", e);
        }

        return ConfigXmlReader.Read(document);
    }

    /// <summary>Parses config.xml text.</summary>
    public static Configuration Parse(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var text = new StringReader(xml);
        using var reader = XmlReader.Create(text, ReaderSettings(async: false));
        try
        {
            return ConfigXmlReader.Read(XDocument.Load(reader, LoadOptions.None));
        }
        catch (XmlException e)
        {
            throw new ConfigValidationException($"config.xml is not well-formed XML: {e.Message}", e);
        }
    }

    /// <summary>The config.xml text 1.19 would write: four-space indentation, no XML declaration.</summary>
    public static string Format(Configuration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var sb = new StringBuilder();
        using (var writer = XmlWriter.Create(sb, WriterSettings(async: false)))
        {
            ConfigXmlWriter.Write(configuration).Save(writer);
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>Validates, then atomically replaces <paramref name="path"/> with the configuration's XML.</summary>
    public static async Task SaveAsync(Configuration configuration, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ConfigValidator.Validate(configuration);
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Format(configuration));
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private static XmlReaderSettings ReaderSettings(bool async) => new()
    {
        Async = async,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = false,
        MaxCharactersInDocument = MaxFileBytes,
    };

    private static XmlWriterSettings WriterSettings(bool async) => new()
    {
        Async = async,
        Indent = true,
        IndentChars = "    ",
        NewLineChars = "\n",
        NewLineHandling = NewLineHandling.Replace,
        OmitXmlDeclaration = true,
    };
}
