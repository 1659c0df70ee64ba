/**
 * The script that reads another PC's hash over a CIM session (WinRM), as Get-WindowsAutopilotInfo -Name does:
 * `New-CimSession -ComputerName … -Credential …`, then Win32_BIOS, Win32_ComputerSystem and
 * MDM_DevDetail_Ext01 (filter InstanceID='Ext' AND ParentID='./DevDetail') over the session. The password is
 * read from standard input (first line) and never appears on the command line or in the environment; the
 * computer and user names are embedded as single-quoted PowerShell strings. It always prints one JSON object
 * whose `step` says where it stopped: "session" (WinRM), "os" (not a Windows CIM server), "cim" (the hash).
 */
const REMOTE_SCRIPT_BODY = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [Text.Encoding]::UTF8 } catch { }
$r = [ordered]@{ ok = $false; error = $null; message = $null; cimStatus = $null; step = $null; isAdmin = $true
  winpe = $false; hash = $null; serial = $null; manufacturer = $null; model = $null; uuid = $null
  tpmPresent = $null; tpmReady = $null; edition = $null; editionId = $null; build = $null; productType = $null }
function Send { $r | ConvertTo-Json -Compress | Write-Output; exit 0 }
function Fail($e, $step) {
  $r.error = 'failed'; $r.step = $step; $r.message = "$($e.Exception.Message)".Trim()
  if ($e.Exception.PSObject.Properties['StatusCode']) { try { $r.cimStatus = [int]$e.Exception.StatusCode } catch { } }
  Send
}
$secret = [Console]::In.ReadLine()
$session = $null
try {
  try {
    if ($user) {
      $pw = ConvertTo-SecureString -String $secret -AsPlainText -Force
      $cred = New-Object System.Management.Automation.PSCredential($user, $pw)
      $session = New-CimSession -ComputerName $computer -Credential $cred
    } else { $session = New-CimSession -ComputerName $computer }
  } catch { Fail $_ 'session' } finally { $secret = $null; $pw = $null; $cred = $null }
  try {
    $os = Get-CimInstance -CimSession $session -ClassName Win32_OperatingSystem
    $r.edition = "$($os.Caption)".Trim(); $r.build = "$($os.Version)"; $r.productType = [int]$os.ProductType
  } catch { Fail $_ 'os' }
  try {
    $bios = Get-CimInstance -CimSession $session -ClassName Win32_BIOS
    $r.serial = "$($bios.SerialNumber)".Trim()
    $cs = Get-CimInstance -CimSession $session -ClassName Win32_ComputerSystem
    $r.manufacturer = "$($cs.Manufacturer)".Trim(); $r.model = "$($cs.Model)".Trim()
    $r.uuid = "$((Get-CimInstance -CimSession $session -ClassName Win32_ComputerSystemProduct).UUID)".Trim()
  } catch { Fail $_ 'os' }
  try { $t = Get-CimInstance -CimSession $session -Namespace root/cimv2/Security/MicrosoftTpm -ClassName Win32_Tpm
    $r.tpmPresent = $null -ne $t; if ($t) { $r.tpmReady = [bool]($t.IsEnabled_InitialValue -and $t.IsActivated_InitialValue) } } catch { }
  try {
    $d = Get-CimInstance -CimSession $session -Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -Filter "InstanceID='Ext' AND ParentID='./DevDetail'"
  } catch { Fail $_ 'cim' }
  if (-not $d -or -not $d.DeviceHardwareData) { $r.error = 'no-hash'; $r.step = 'cim'; Send }
  $r.hash = "$($d.DeviceHardwareData)".Trim()
  $r.ok = $true
} catch { Fail $_ 'script' } finally { if ($session) { Remove-CimSession -CimSession $session -ErrorAction SilentlyContinue } }
Send
`;

/** A PowerShell single-quoted string literal (a quote is doubled; nothing else is special inside). */
export function powerShellLiteral(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/** The remote capture script for one computer and (optionally) one account; the password comes on stdin. */
export function remoteCaptureScript(computer: string, user: string): string {
  return `$computer = ${powerShellLiteral(computer)}\n$user = ${powerShellLiteral(user)}\n${REMOTE_SCRIPT_BODY}`;
}
