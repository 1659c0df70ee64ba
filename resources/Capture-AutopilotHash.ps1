<#
.SYNOPSIS
  Captures this device's Windows Autopilot hardware hash where Autopilot Console cannot run: WinPE with the
  PowerShell optional component (OA3Tool), or a Shift+F10 prompt in OOBE (MDM_DevDetail_Ext01).

.DESCRIPTION
  Windows PowerShell 5.1, no modules. Writes an Intune CSV (default) or a bare hash file into the folder
  given, such as a USB stick or a share; Autopilot Console's watch folder or "register" uploads it later.
  Prints one JSON line (never the hash itself) and exits with a code a task sequence can branch on.
  Fields, CSV header, OA3Tool files and error codes are those of the console's capture providers
  (electron/core/capture); a test in the repository checks this script against them.

.PARAMETER OutputFolder
  Where the file goes (created if missing).
.PARAMETER Format
  Csv (Intune CSV: Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User) or Hash.
.PARAMETER Provider
  Auto (default: OA3Tool in WinPE, the MDM bridge in full Windows), Windows or WinPE.
.PARAMETER OA3Tool
  oa3tool.exe to use in WinPE (default: beside this script, X:\Windows\System32, the ADK).

.EXAMPLE
  powershell.exe -NoProfile -ExecutionPolicy Bypass -File D:\Capture-AutopilotHash.ps1 -OutputFolder D:\Hashes -GroupTag OD-FINANCE
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][string]$OutputFolder,
  [ValidateSet('Csv', 'Hash')][string]$Format = 'Csv',
  [string]$GroupTag = '',
  [string]$AssignedUser = '',
  [ValidateSet('Auto', 'Windows', 'WinPE')][string]$Provider = 'Auto',
  [string]$OA3Tool = '',
  [int]$TimeoutSeconds = 180
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

# Exit codes: 0 captured and written, 2 bad parameters or the folder cannot be written, one per capture failure.
$ExitCodes = [ordered]@{
  'not-elevated'      = 10
  'class-missing'     = 11
  'cim-general-error' = 12
  'cim-error'         = 13
  'timed-out'         = 14
  'powershell-failed' = 15
  'bad-output'        = 16
  'oa3tool-missing'   = 17
  'oa3tool-failed'    = 18
  'no-hash'           = 19
  'not-windows'       = 20
}
$IntuneCsvHeader = 'Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User'
$Oa3Config = @(
  '<OA3>',
  '  <FileBased>',
  '    <InputKeyXMLFile>.\input.xml</InputKeyXMLFile>',
  '  </FileBased>',
  '  <OutputData>',
  '    <AssembledBinaryFile>.\OA3.bin</AssembledBinaryFile>',
  '    <ReportedXMLFile>.\OA3.xml</ReportedXMLFile>',
  '  </OutputData>',
  '</OA3>',
  ''
) -join "`r`n"
$Oa3PlaceholderInput = @(
  '<?xml version="1.0"?>',
  '<Key>',
  '  <ProductKey>XXXXX-XXXXX-XXXXX-XXXXX-XXXXX</ProductKey>',
  '  <ProductKeyID>0000000000000</ProductKeyID>',
  '  <ProductKeyState>0</ProductKeyState>',
  '</Key>',
  ''
) -join "`r`n"

# The captured device: the fields of the console's CapturedDevice (the hash itself is written, never printed).
$Device = [ordered]@{
  serial       = ''
  manufacturer = ''
  model        = ''
  hashChars    = 0
  uuid         = ''
  productId    = ''
  provider     = ''
  notes        = @()
  tpmPresent   = $null
  tpmReady     = $null
  edition      = ''
}
$script:Hash = ''

function Write-Result([bool]$Ok, [string]$ErrorCode, [string]$Message, [string]$File) {
  $line = [ordered]@{ ok = $Ok; error = $ErrorCode; message = $Message; file = $File; device = $Device }
  # Straight to stdout: a function whose output is assigned (e.g. $tool = Find-OA3Tool) would swallow Write-Output.
  [Console]::Out.WriteLine(($line | ConvertTo-Json -Compress -Depth 4))
}

function Stop-Capture([string]$ErrorCode, [string]$Message) {
  Write-Result $false $ErrorCode $Message $null
  [Console]::Error.WriteLine("capture failed ($ErrorCode): $Message")
  exit $ExitCodes[$ErrorCode]
}

function Stop-Usage([string]$Message) {
  Write-Result $false 'usage' $Message $null
  [Console]::Error.WriteLine($Message)
  exit 2
}

function Test-WinPE { Test-Path 'HKLM:\SYSTEM\CurrentControlSet\Control\MiniNT' }

function Test-Elevated {
  $id = [Security.Principal.WindowsIdentity]::GetCurrent()
  (New-Object Security.Principal.WindowsPrincipal($id)).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

function Read-Identity {
  try {
    $bios = Get-CimInstance -ClassName Win32_BIOS
    $Device.serial = "$($bios.SerialNumber)".Trim()
    $cs = Get-CimInstance -ClassName Win32_ComputerSystem
    $Device.manufacturer = "$($cs.Manufacturer)".Trim()
    $Device.model = "$($cs.Model)".Trim()
    $Device.uuid = "$((Get-CimInstance -ClassName Win32_ComputerSystemProduct).UUID)".Trim()
  } catch {
    $Device.notes += 'WMI gave no serial number (is WinPE-WMI in the image?): the serial in the hash is used.'
  }
  try {
    $t = Get-CimInstance -Namespace root/cimv2/Security/MicrosoftTpm -ClassName Win32_Tpm
    $Device.tpmPresent = $null -ne $t
    if ($t) { $Device.tpmReady = [bool]($t.IsEnabled_InitialValue -and $t.IsActivated_InitialValue) }
  } catch { }
  if ($Device.tpmPresent -eq $false) { $Device.notes += 'No TPM found: self-deploying and pre-provisioning will fail.' }
}

# Full Windows (OOBE Shift+F10, audit mode, desktop): the MDM bridge, as the Windows provider reads it.
function Get-WindowsHash {
  $Device.provider = 'windows'
  try { $Device.edition = "$((Get-CimInstance -ClassName Win32_OperatingSystem).Caption)".Trim() } catch { }
  if (-not (Test-Elevated)) {
    Stop-Capture 'not-elevated' 'Reading the hardware hash needs administrator rights: run this from an elevated prompt (Shift+F10 in OOBE is elevated) or as SYSTEM.'
  }
  Read-Identity
  try {
    $d = Get-CimInstance -Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "InstanceID='Ext' AND ParentID='./DevDetail'"
  } catch {
    $message = "$($_.Exception.Message)".Trim()
    $status = $null
    if ($_.Exception.PSObject.Properties['StatusCode']) { try { $status = [int]$_.Exception.StatusCode } catch { } }
    # MI_RESULT: 1 FAILED, 2 ACCESS_DENIED, 3 INVALID_NAMESPACE, 5 INVALID_CLASS.
    if ($status -eq 2 -or $message -match 'access (is )?denied') { Stop-Capture 'not-elevated' $message }
    if ($status -eq 3 -or $status -eq 5 -or $message -match 'invalid (class|namespace)|not found') {
      Stop-Capture 'class-missing' "The hardware hash class MDM_DevDetail_Ext01 is not available on $($Device.edition): Home and server editions have no MDM bridge; capture with OA3Tool from WinPE."
    }
    if ($status -eq 1 -or $message -match 'general error') {
      Stop-Capture 'cim-general-error' "Windows answered `"$message`": known after KB5013942 on Windows 10 21H2; install the latest cumulative update, restart and capture again."
    }
    Stop-Capture 'cim-error' "Reading the hardware hash failed: $message"
  }
  if (-not $d -or -not $d.DeviceHardwareData) { Stop-Capture 'no-hash' 'MDM_DevDetail_Ext01 returned no DeviceHardwareData.' }
  $script:Hash = "$($d.DeviceHardwareData)".Trim()
}

function Find-OA3Tool {
  if ($OA3Tool) {
    if (Test-Path -LiteralPath $OA3Tool) { return $OA3Tool }
    Stop-Capture 'oa3tool-missing' "oa3tool.exe was not found at the given path $OA3Tool."
  }
  $arch = if ($env:PROCESSOR_ARCHITECTURE -eq 'ARM64') { 'arm64' } elseif ($env:PROCESSOR_ARCHITECTURE -eq 'x86') { 'x86' } else { 'amd64' }
  $pf86 = if (${env:ProgramFiles(x86)}) { ${env:ProgramFiles(x86)} } else { 'C:\Program Files (x86)' }
  $candidates = @(
    (Join-Path $PSScriptRoot 'oa3tool.exe'),
    (Join-Path $env:SystemRoot 'System32\oa3tool.exe'),
    (Join-Path $pf86 "Windows Kits\10\Assessment and Deployment Kit\Deployment Tools\$arch\Licensing\OA30\oa3tool.exe")
  )
  foreach ($candidate in $candidates) { if (Test-Path -LiteralPath $candidate) { return $candidate } }
  Stop-Capture 'oa3tool-missing' 'oa3tool.exe was not found (beside this script, System32, Windows ADK): copy it from the ADK (Deployment Tools\<arch>\Licensing\OA30).'
}

# WinPE: OA3Tool report mode in a temporary folder, as the WinPE provider runs it.
function Get-WinPEHash {
  $Device.provider = 'winpe'
  $tool = Find-OA3Tool
  $dll = Join-Path $env:SystemRoot 'System32\PCPKsp.dll'
  if (Test-Path -LiteralPath $dll) {
    $reg = Start-Process -FilePath (Join-Path $env:SystemRoot 'System32\rundll32.exe') -ArgumentList "$dll,DllInstall" -Wait -PassThru -WindowStyle Hidden
    if ($reg.ExitCode -ne 0) { $Device.notes += 'Registering PCPKsp.dll failed: the hash may lack TPM data.' }
  } else {
    $Device.notes += 'PCPKsp.dll is missing from WinPE: the hash lacks TPM data (self-deploying and pre-provisioning will fail).'
  }
  $dir = Join-Path ([IO.Path]::GetTempPath()) ("oa3-" + [Guid]::NewGuid().ToString('N'))
  New-Item -ItemType Directory -Path $dir | Out-Null
  try {
    [IO.File]::WriteAllText((Join-Path $dir 'OA3.cfg'), $Oa3Config)
    [IO.File]::WriteAllText((Join-Path $dir 'input.xml'), $Oa3PlaceholderInput)
    $p = Start-Process -FilePath $tool -ArgumentList '/Report', "/ConfigFile=$(Join-Path $dir 'OA3.cfg')", '/NoKeyCheck' -WorkingDirectory $dir -PassThru -WindowStyle Hidden
    if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
      try { $p.Kill() } catch { }
      Stop-Capture 'timed-out' "OA3Tool did not finish within $TimeoutSeconds s and was stopped."
    }
    $report = Join-Path $dir 'OA3.xml'
    if (-not (Test-Path -LiteralPath $report)) {
      Stop-Capture 'oa3tool-failed' "OA3Tool exited with code $($p.ExitCode) and wrote no OA3.xml. Check that the image has WinPE-WMI and the storage/network drivers."
    }
    try { [xml]$xml = Get-Content -LiteralPath $report -Raw } catch { Stop-Capture 'bad-output' "OA3.xml cannot be read: $($_.Exception.Message)" }
    $node = $xml.SelectSingleNode("//*[local-name()='HardwareHash']")
    if (-not $node -or -not $node.InnerText.Trim()) { Stop-Capture 'no-hash' 'OA3.xml has no <HardwareHash>: OA3Tool could not build the hash.' }
    $script:Hash = ($node.InnerText -replace '\s', '')
  } finally {
    # OA3.xml holds the hash and OA3.bin is a leftover: never leave them behind.
    Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
  }
  Read-Identity
}

try {
  if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) { Stop-Capture 'not-windows' 'This script runs on Windows (full OS or WinPE) only.' }
  try {
    New-Item -ItemType Directory -Path $OutputFolder -Force | Out-Null
  } catch {
    Stop-Usage "The output folder $OutputFolder cannot be created: $($_.Exception.Message)"
  }
  $winpe = Test-WinPE
  $chosen = if ($Provider -eq 'Auto') { if ($winpe) { 'WinPE' } else { 'Windows' } } else { $Provider }
  if ($chosen -eq 'Windows' -and $winpe) {
    Stop-Capture 'class-missing' 'This is Windows PE: the MDM_DevDetail_Ext01 class does not exist here. Use -Provider WinPE (OA3Tool).'
  }
  if ($chosen -eq 'WinPE') { Get-WinPEHash } else { Get-WindowsHash }
  $Device.hashChars = $script:Hash.Length
  if (-not $Device.serial) { Stop-Capture 'bad-output' 'No serial number could be read from the firmware.' }

  $safeSerial = $Device.serial -replace '[^A-Za-z0-9._-]', '_'
  if ($Format -eq 'Csv') {
    $name = "AutopilotHWID-$safeSerial.csv"
    $text = $IntuneCsvHeader + "`r`n" + (@($Device.serial, $Device.productId, $script:Hash, $GroupTag, $AssignedUser) -join ',') + "`r`n"
  } else {
    $name = "$safeSerial.hash"
    $text = $script:Hash + "`r`n"
  }
  $target = Join-Path $OutputFolder $name
  # Written under a .part name then renamed: a watch folder never picks up half a file.
  $partial = "$target.part"
  try {
    [IO.File]::WriteAllText($partial, $text, (New-Object Text.UTF8Encoding($false)))
    Move-Item -LiteralPath $partial -Destination $target -Force
  } catch {
    Stop-Usage "Cannot write $target`: $($_.Exception.Message)"
  }
  Write-Result $true $null $null $target
  exit 0
} catch {
  Stop-Capture 'powershell-failed' "$($_.Exception.Message)".Trim()
}
