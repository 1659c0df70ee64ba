/**
 * The script the Windows provider runs in Windows PowerShell 5.1. It checks elevation first and always
 * prints exactly one JSON object (ConvertTo-Json -Compress), success or not; the provider classifies
 * errors from `error`, `cimStatus` (MI_RESULT) and `message`. Hash read per the reference §1.1.
 */
export const WINDOWS_CAPTURE_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch { }
$r = [ordered]@{ ok = $false; error = $null; message = $null; cimStatus = $null; isAdmin = $false; winpe = $false
  hash = $null; serial = $null; manufacturer = $null; model = $null; uuid = $null
  tpmPresent = $null; tpmReady = $null; edition = $null; editionId = $null; build = $null; productType = $null }
function Send { $r | ConvertTo-Json -Compress | Write-Output; exit 0 }
function Fail($e, $code) {
  $r.error = $code; $r.message = "$($e.Exception.Message)".Trim()
  if ($e.Exception.PSObject.Properties['StatusCode']) { try { $r.cimStatus = [int]$e.Exception.StatusCode } catch { } }
  Send
}
try {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  $r.isAdmin = (New-Object Security.Principal.WindowsPrincipal($id)).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
  $r.winpe = Test-Path 'HKLM:\SYSTEM\CurrentControlSet\Control\MiniNT'
  try { $os = Get-CimInstance -ClassName Win32_OperatingSystem; $r.edition = "$($os.Caption)".Trim(); $r.build = "$($os.Version)"; $r.productType = [int]$os.ProductType } catch { }
  try { $r.editionId = (Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name EditionID).EditionID } catch { }
  if (-not $r.isAdmin) { $r.error = 'not-elevated'; Send }
  $bios = Get-CimInstance -ClassName Win32_BIOS
  $r.serial = "$($bios.SerialNumber)".Trim()
  $cs = Get-CimInstance -ClassName Win32_ComputerSystem
  $r.manufacturer = "$($cs.Manufacturer)".Trim(); $r.model = "$($cs.Model)".Trim()
  $r.uuid = "$((Get-CimInstance -ClassName Win32_ComputerSystemProduct).UUID)".Trim()
  try { $t = Get-Tpm; $r.tpmPresent = [bool]$t.TpmPresent; $r.tpmReady = [bool]$t.TpmReady } catch {
    try { $t = Get-CimInstance -Namespace root/cimv2/Security/MicrosoftTpm -ClassName Win32_Tpm
      $r.tpmPresent = $null -ne $t; if ($t) { $r.tpmReady = [bool]($t.IsEnabled_InitialValue -and $t.IsActivated_InitialValue) } } catch { } }
  try {
    $d = Get-CimInstance -Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "InstanceID='Ext' AND ParentID='./DevDetail'"
  } catch { Fail $_ 'cim' }
  if (-not $d -or -not $d.DeviceHardwareData) { $r.error = 'no-hash'; Send }
  $r.hash = "$($d.DeviceHardwareData)".Trim()
  $r.ok = $true
} catch { Fail $_ 'script' }
Send
`;

/** Encodes a script for powershell.exe -EncodedCommand: base64 of its UTF-16LE bytes. */
export function encodePowerShellCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}
