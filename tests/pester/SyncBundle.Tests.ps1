#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of Export-SyncBundle and Import-SyncBundle on the packaged module: two in-process nodes share a
    folder but never connect (no addresses); files travel only in bundle files.
#>

BeforeAll {
    $modulePath = Join-Path $PSScriptRoot '../../out/Syncthing/Syncthing.psd1'
    Import-Module $modulePath -Force
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ("st-pester-bundle-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $root | Out-Null
    $x = Start-SyncNode -Name bundle-x -Home (Join-Path $root 'x') -PassThru
    $y = Start-SyncNode -Name bundle-y -Home (Join-Path $root 'y') -PassThru
    Add-SyncDevice -Node bundle-x -DeviceId $y.DeviceId -Name y
    Add-SyncDevice -Node bundle-y -DeviceId $x.DeviceId -Name x
    Add-SyncFolder -Node bundle-x -FolderId carried -Path (Join-Path $root 'x-data') -Device $y.DeviceId -WatchDelay 0
    Add-SyncFolder -Node bundle-y -FolderId carried -Path (Join-Path $root 'y-data') -Device $x.DeviceId -WatchDelay 0
    New-Item -ItemType Directory -Path (Join-Path $root 'x-data/docs') | Out-Null
    Set-Content -Path (Join-Path $root 'x-data/docs/report.txt') -Value 'carried by hand'
    New-Item -ItemType Directory -Path (Join-Path $root 'out') | Out-Null
}

AfterAll {
    'bundle-x', 'bundle-y' | Stop-SyncNode -Confirm:$false -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force -Path $root -ErrorAction SilentlyContinue
}

Describe 'Offline bundles' {
    It 'exports a typed result' {
        $result = Export-SyncBundle -Node bundle-x -Folder carried -Device $y.DeviceId -Path (Join-Path $root 'out/x-to-y.stbundle')
        $result | Should -BeOfType ([Syncthing.PowerShell.Core.SyncBundleExportResult])
        $result.Records | Should -Be 2
        $result.Paths | Should -HaveCount 1
        Test-Path $result.Paths[0] | Should -BeTrue
    }

    It 'lists the changes with -WhatIf and changes nothing' {
        # Each change is reported as "What if: Performing the operation 'Create' on target 'docs/report.txt'".
        Get-ChildItem (Join-Path $root 'out/*.stbundle') | Import-SyncBundle -Node bundle-y -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $root 'y-data/docs/report.txt') | Should -BeFalse
    }

    It 'imports files piped from Get-ChildItem and a second import changes nothing' {
        $imported = Get-ChildItem (Join-Path $root 'out/*.stbundle') | Import-SyncBundle -Node bundle-y
        $imported | Should -BeOfType ([Syncthing.PowerShell.Core.SyncBundleImportResult])
        $imported.Applied | Should -Be 2
        Get-Content -Path (Join-Path $root 'y-data/docs/report.txt') | Should -Be 'carried by hand'
        $again = Import-SyncBundle -Node bundle-y -Path (Join-Path $root 'out/x-to-y.stbundle')
        $again.Applied | Should -Be 0
    }

    It 'refuses a bundle addressed to another device with a stable ErrorId' {
        { Import-SyncBundle -Node bundle-x -Path (Join-Path $root 'out/x-to-y.stbundle') -ErrorAction Stop } |
            Should -Throw -ErrorId 'BundleRefused,Syncthing.PowerShell.Cmdlets.ImportSyncBundleCommand'
    }

    It 'carries an encrypted bundle with a SecureString password' {
        Set-Content -Path (Join-Path $root 'x-data/sealed.txt') -Value 'sealed'
        $password = ConvertTo-SecureString 'corRect-hoRse' -AsPlainText -Force
        Export-SyncBundle -Node bundle-x -Folder carried -Device $y.DeviceId -Path (Join-Path $root 'sealed.stbundle') -Password $password |
            Select-Object -ExpandProperty Records | Should -Be 3 # no receipt was stored: everything again
        { Import-SyncBundle -Node bundle-y -Path (Join-Path $root 'sealed.stbundle') -ErrorAction Stop } |
            Should -Throw -ErrorId 'BundleRefused,Syncthing.PowerShell.Cmdlets.ImportSyncBundleCommand'
        (Import-SyncBundle -Node bundle-y -Path (Join-Path $root 'sealed.stbundle') -Password $password).Applied | Should -Be 1
        Get-Content -Path (Join-Path $root 'y-data/sealed.txt') | Should -Be 'sealed'
    }

    It 'keeps a password as a SecureString' {
        (Get-Command Export-SyncBundle).Parameters['Password'].ParameterType | Should -Be ([securestring])
        (Get-Command Import-SyncBundle).Parameters['Password'].ParameterType | Should -Be ([securestring])
    }
}
