<#
.SYNOPSIS
    Builds, tests and packages Syncthing.PowerShell.
.DESCRIPTION
    A thin wrapper over the .NET SDK so the same steps run here and in CI (.ci/run does them from bash).
    -Task Build compiles the solution and regenerates the MAML help from docs/cmdlets/*.md;
    -Task Test builds and runs every test project (and the Pester tests under tests/pester when Pester 5 is
    installed); -Task Package lays out out/Syncthing/ (manifest, assemblies with native SQLite, formats, help and
    the syncthingd daemon) ready for Import-Module. tools/package.sh produces the same layout from bash.
.EXAMPLE
    ./build.ps1 -Task Test -Configuration Release
.EXAMPLE
    ./build.ps1 -Task Package; Import-Module ./out/Syncthing/Syncthing.psd1
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE" }
}

Invoke-Native 'dotnet build' { dotnet build Syncthing.slnx -c $Configuration -nologo }
Invoke-Native 'help generation' { dotnet run 'tools/help/MamlGenerator.cs' '--' 'docs/cmdlets' 'en-US/Syncthing.PowerShell.dll-Help.xml' }

switch ($Task) {
    'Test' {
        Invoke-Native 'dotnet test' { dotnet test Syncthing.slnx -c $Configuration --no-build --nologo }
        $pester = Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0.0' | Select-Object -First 1
        if ($pester) {
            Invoke-Native 'package' { bash tools/package.sh --configuration $Configuration --no-help }
            $config = New-PesterConfiguration
            $config.Run.Path = Join-Path $PSScriptRoot 'tests/pester'
            $config.Run.Exit = $true
            $config.Output.Verbosity = 'Detailed'
            Invoke-Pester -Configuration $config
        }
        else {
            Write-Warning 'Pester 5 is not installed; the tests under tests/pester were not run.'
        }
    }
    'Package' {
        Invoke-Native 'package' { bash tools/package.sh --configuration $Configuration --no-help }
    }
}
