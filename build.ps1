<#
.SYNOPSIS
    Builds and tests Syncthing.PowerShell.
.DESCRIPTION
    A thin wrapper over the .NET SDK so the same steps run here and in CI (.ci/run does them from bash).
    -Task Build compiles the solution; -Task Test builds and runs every test project (and Pester tests under
    tests/ when Pester is installed).
.EXAMPLE
    ./build.ps1 -Task Test -Configuration Release
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-Location -Path $PSScriptRoot

dotnet build Syncthing.slnx -c $Configuration -nologo
if ($LASTEXITCODE -ne 0) { throw "dotnet build failed with exit code $LASTEXITCODE" }

if ($Task -eq 'Test') {
    dotnet test Syncthing.slnx -c $Configuration --no-build --nologo
    if ($LASTEXITCODE -ne 0) { throw "dotnet test failed with exit code $LASTEXITCODE" }

    if (Get-Module -ListAvailable -Name Pester) {
        $pesterTests = Get-ChildItem -Path tests -Filter *.Tests.ps1 -Recurse
        if ($pesterTests) {
            Invoke-Pester -Path $pesterTests.FullName -CI
        }
    }
}
