using System.Text.Json;
using Syncthing.Engine.Api.Client;
using Syncthing.Engine.Identity;

namespace Syncthing.PowerShell.Core;

/// <summary>Helpers shared by the operation classes: calls that turn transport failures into <see cref="SyncOperationException"/>.</summary>
internal static class Operations
{
    public static async Task CallAsync(SyncNodeHandle handle, Func<Task> call) =>
        await CallAsync(handle, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

    public static async Task<T> CallAsync<T>(SyncNodeHandle handle, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SyncApiException e) when (e.Status == 404)
        {
            throw new SyncOperationException(SyncErrorIds.ApiError, SyncErrorKind.ObjectNotFound, $"Node '{handle.Name}': {e.Message}", handle.Name, e);
        }
        catch (SyncApiException e) when (e.Status == 501 || e.Body.Contains("not supported", StringComparison.OrdinalIgnoreCase))
        {
            throw new SyncOperationException(SyncErrorIds.OperationNotSupported, SyncErrorKind.NotImplemented, $"Node '{handle.Name}': {e.Message}", handle.Name, e);
        }
        catch (SyncApiException e)
        {
            throw new SyncOperationException(SyncErrorIds.ApiError, SyncErrorKind.InvalidOperation, $"Node '{handle.Name}': {e.Message}", handle.Name, e);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException)
        {
            throw new SyncOperationException(SyncErrorIds.NodeUnreachable, SyncErrorKind.ConnectionError, $"Node '{handle.Name}' did not answer: {e.Message}", handle.Name, e);
        }
        catch (TimeoutException e)
        {
            throw new SyncOperationException(SyncErrorIds.NodeUnreachable, SyncErrorKind.OperationTimeout, $"Node '{handle.Name}' did not answer in time: {e.Message}", handle.Name, e);
        }
        catch (NotSupportedException e)
        {
            throw new SyncOperationException(SyncErrorIds.OperationNotSupported, SyncErrorKind.NotImplemented, $"Node '{handle.Name}': {e.Message}", handle.Name, e);
        }
    }

    /// <summary>Parses a device ID (any accepted form); SyncOperationException DeviceIdInvalid otherwise.</summary>
    public static DeviceId ParseDevice(string text) =>
        DeviceId.TryParse(text, out var id, out var error)
            ? id
            : throw new SyncOperationException(SyncErrorIds.DeviceIdInvalid, SyncErrorKind.InvalidArgument, $"'{text}' is not a device ID: {error}", text);
}
