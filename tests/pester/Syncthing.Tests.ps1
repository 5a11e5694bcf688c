#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0.0' }
<#
    Pester 5 tests of the packaged module (./build.ps1 -Task Package first, or -Task Test which does it).
    Two nodes run in this session; every wait is bounded.
#>

BeforeAll {
    $modulePath = Join-Path $PSScriptRoot '../../out/Syncthing/Syncthing.psd1'
    Import-Module $modulePath -Force
    $root = Join-Path ([System.IO.Path]::GetTempPath()) ("st-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $root | Out-Null
}

AfterAll {
    Get-SyncNode | Stop-SyncNode -Confirm:$false
    Remove-Item -Recurse -Force -Path $root -ErrorAction SilentlyContinue
}

Describe 'Two nodes in one session' {
    BeforeAll {
        $a = Start-SyncNode -Name a -Home (Join-Path $root 'a') -PassThru
        $b = Start-SyncNode -Name b -Home (Join-Path $root 'b') -PassThru
        Add-SyncDevice -Node a -DeviceId $b.DeviceId -Name b -Address $b.ListenAddress
        Add-SyncDevice -Node b -DeviceId $a.DeviceId -Name a -Address $a.ListenAddress
        Add-SyncFolder -Node a -FolderId docs -Path (Join-Path $root 'a-docs') -Device $b.DeviceId -WatchDelay 0
        Add-SyncFolder -Node b -FolderId docs -Path (Join-Path $root 'b-docs') -Device $a.DeviceId -WatchDelay 0
    }

    It 'syncs a file written on one node to the other' {
        Set-Content -Path (Join-Path $root 'a-docs/hello.txt') -Value 'hello from a'
        Invoke-SyncScan -Node a -FolderId docs
        Wait-SyncFolder -Node a -FolderId docs -Timeout 60 | Should -Not -BeNullOrEmpty
        Get-Content -Path (Join-Path $root 'b-docs/hello.txt') | Should -Be 'hello from a'
        Test-SyncFolder -Node a -FolderId docs -InSyncWith b | Should -BeTrue
    }

    It 'returns status objects that Where-Object can filter' {
        $status = Get-SyncStatus
        $status | Should -HaveCount 2
        $status | ForEach-Object { $_ | Should -BeOfType ([Syncthing.PowerShell.Core.SyncStatus]) }
        @($status | Where-Object NeedFiles -gt 0) | Should -HaveCount 0
        @($status | Where-Object { $_.Node -eq 'b' -and $_.GlobalFiles -eq 1 }) | Should -HaveCount 1
    }

    It 'binds folder objects from the pipeline' {
        Get-SyncFolder -Node b | Suspend-SyncFolder
        (Get-SyncFolder -Node b -FolderId docs).Paused | Should -BeTrue
        Get-SyncFolder -Node b | Resume-SyncFolder
        (Get-SyncFolder -Node b -FolderId docs).Paused | Should -BeFalse
    }

    It 'changes nothing with -WhatIf' {
        Remove-SyncFolder -Node a -FolderId docs -WhatIf
        Suspend-SyncDevice -Node a -DeviceId $b.DeviceId -WhatIf
        Set-SyncFolder -Node a -FolderId docs -Label 'changed' -WhatIf
        Add-SyncFolder -Node a -FolderId other -Path (Join-Path $root 'other') -WhatIf
        (Get-SyncFolder -Node a).FolderId | Should -Be @('docs')
        (Get-SyncFolder -Node a -FolderId docs).Label | Should -Be 'docs'
        (Get-SyncDevice -Node a -DeviceId $b.DeviceId).Paused | Should -BeFalse
        Test-Path (Join-Path $root 'other') | Should -BeFalse
    }

    It 'reports a missing folder with a stable ErrorId' {
        { Get-SyncFolder -Node a -FolderId nope -ErrorAction Stop } |
            Should -Throw -ErrorId 'FolderNotFound,Syncthing.PowerShell.Cmdlets.GetSyncFolderCommand'
    }
}
