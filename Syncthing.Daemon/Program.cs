namespace Syncthing.Daemon;

internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--version")
        {
            Console.WriteLine($"syncthingd v{typeof(Program).Assembly.GetName().Version?.ToString(3)}");
            return 0;
        }

        Console.Error.WriteLine("usage: syncthingd --version");
        return 2;
    }
}
