@{
    RootModule           = 'Syncthing.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c6a3e-2b7d-4c1e-9a4f-8d3b6e2c1a70'
    Author               = 'Syncthing.PowerShell contributors'
    CompanyName          = 'Syncthing.PowerShell contributors'
    Copyright            = '(c) Syncthing.PowerShell contributors. MPL-2.0.'
    Description          = 'Syncthing (Block Exchange Protocol v1) for PowerShell: run sync nodes in the session or drive a Syncthing daemon over REST.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('Syncthing.Format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'Add-SyncDevice',
        'Add-SyncFolder',
        'Connect-SyncNode',
        'Disconnect-SyncNode',
        'Export-SyncBundle',
        'Get-SyncConnection',
        'Get-SyncDevice',
        'Get-SyncFolder',
        'Get-SyncIgnore',
        'Get-SyncNeed',
        'Get-SyncNode',
        'Get-SyncStatus',
        'Grant-SyncFolder',
        'Import-SyncBundle',
        'Invoke-SyncScan',
        'New-SyncIdentity',
        'Remove-SyncDevice',
        'Remove-SyncFolder',
        'Repair-SyncFolder',
        'Resume-SyncDevice',
        'Resume-SyncFolder',
        'Revoke-SyncFolder',
        'Set-SyncDevice',
        'Set-SyncFolder',
        'Set-SyncIgnore',
        'Start-SyncNode',
        'Stop-SyncNode',
        'Suspend-SyncDevice',
        'Suspend-SyncFolder',
        'Test-SyncFolder',
        'Wait-SyncFolder',
        'Watch-SyncEvent'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Syncthing', 'Sync', 'BEP', 'FileSync', 'Backup', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri = ''
        }
    }
}
