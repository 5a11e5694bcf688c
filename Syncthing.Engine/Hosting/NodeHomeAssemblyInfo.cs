using System.Runtime.CompilerServices;

// The daemon's assembly is named "syncthingd", so the project's <InternalsVisibleTo Include="Syncthing.Daemon" />
// does not reach it. Until the project file names the right assembly, grant it here.
[assembly: InternalsVisibleTo("syncthingd")]
