#!/usr/bin/env bash
# Lays out the importable module (the bash twin of `build.ps1 -Task Package`):
#   out/Syncthing/Syncthing.psd1, Syncthing.Format.ps1xml, Syncthing.PowerShell.dll and its dependencies
#   (engine, SQLite with native runtimes under runtimes/), en-US/ (MAML help, about_Syncthing), daemon/syncthingd.
# Usage: tools/package.sh [--out DIR] [--configuration Release|Debug] [--no-daemon] [--no-help]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/out/Syncthing"
configuration=Release
daemon=1
help=1
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --configuration|-c) configuration="$2"; shift 2 ;;
    --no-daemon) daemon=0; shift ;;
    --no-help) help=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

rm -rf "$out"
mkdir -p "$out/en-US"
dotnet publish "$root/Syncthing.PowerShell/Syncthing.PowerShell.csproj" -c "$configuration" -o "$out" -nologo -v quiet
# PowerShell provides System.Management.Automation; the reference copy must not ship.
rm -f "$out/System.Management.Automation.dll" "$out"/*.pdb "$out"/*.deps.json.bak
if [ "$help" = 1 ]; then
  (cd "$root" && dotnet run tools/help/MamlGenerator.cs -- docs/cmdlets en-US/Syncthing.PowerShell.dll-Help.xml >/dev/null)
fi
cp "$root/Syncthing.psd1" "$root/Syncthing.Format.ps1xml" "$out/"
cp "$root/en-US/Syncthing.PowerShell.dll-Help.xml" "$root/en-US/about_Syncthing.help.txt" "$out/en-US/"
if [ "$daemon" = 1 ]; then
  # One native executable for this machine's platform, compiled ahead of time (Syncthing.Daemon.csproj,
  # benchmarks/README.md). Its debugging symbols (syncthingd.dbg, ~45 MB) are not shipped.
  dotnet publish "$root/Syncthing.Daemon/Syncthing.Daemon.csproj" -c "$configuration" -o "$out/daemon" -nologo -v quiet \
    --use-current-runtime -p:SyncthingNativeAot=true
  rm -f "$out/daemon/syncthingd.dbg" "$out/daemon"/*.pdb
  # That publish restored the daemon for net8.0 only; restore it again for the regular (net10.0) builds.
  dotnet restore "$root/Syncthing.Daemon/Syncthing.Daemon.csproj" -nologo -v quiet
fi
echo "module laid out in $out"
