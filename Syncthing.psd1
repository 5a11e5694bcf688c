@{
    RootModule           = 'Syncthing.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5f0c6a3e-2b7d-4c1e-9a4f-8d3b6e2c1a70'
    Author               = 'Syncthing.PowerShell contributors'
    Description          = 'Syncthing (Block Exchange Protocol v1) for PowerShell: run sync nodes in the session or drive a Syncthing daemon over REST.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    # The cmdlets are being written (issue 6); the export lists stay explicit.
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Syncthing', 'Sync', 'BEP', 'FileSync', 'Backup')
            ProjectUri = ''
        }
    }
}
