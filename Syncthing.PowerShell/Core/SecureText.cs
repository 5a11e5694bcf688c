using System.Runtime.InteropServices;
using System.Security;

namespace Syncthing.PowerShell.Core;

/// <summary>Turns a SecureString into a string at the last moment (the unmanaged copy is zeroed at once).</summary>
internal static class SecureText
{
    public static string? Reveal(SecureString? secure)
    {
        if (secure is null)
        {
            return null;
        }

        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
        try
        {
            return Marshal.PtrToStringUni(pointer, secure.Length);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }
}
