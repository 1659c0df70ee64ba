; Autopilot Console: custom NSIS include (electron-builder `nsis.include`).
; Option, off by default: put resources\bin (autopilot-console.cmd) on the machine PATH, so any prompt or
; task-sequence step can run `autopilot-console <command>`. Choose it on the "Command line" page, or pass
; /ADDTOPATH to a silent install: "Autopilot Console-Setup-<version>-x64.exe" /S /ADDTOPATH
; The uninstaller removes the entry (an update keeps it).

!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"
!include "nsDialogs.nsh"

!define APC_ENV_KEY "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"
!define APC_BIN_DIR "$INSTDIR\resources\bin"
; NSIS strings here hold 8192 characters: leave a longer PATH alone rather than truncate it.
!define APC_MAX_PATH 7800

!ifndef BUILD_UNINSTALLER
  Var ApcAddToPath
  Var ApcCheckbox

  !macro customInit
    StrCpy $ApcAddToPath "0"
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/ADDTOPATH" $R1
    ${IfNot} ${Errors}
      StrCpy $ApcAddToPath "1"
    ${EndIf}
  !macroend

  !macro customPageAfterChangeDir
    Page custom apcPathPageCreate apcPathPageLeave
  !macroend

  Function apcPathPageCreate
    nsDialogs::Create 1018
    Pop $0
    ${NSD_CreateLabel} 0 0 100% 40u "Autopilot Console has a command line for task sequences and scripts ($\"Autopilot Console.exe$\" register ...). It can also put a small autopilot-console.cmd on the system PATH so that any prompt can run it."
    Pop $0
    ${NSD_CreateCheckbox} 0 48u 100% 12u "Add autopilot-console to the system PATH"
    Pop $ApcCheckbox
    ${If} $ApcAddToPath == "1"
      ${NSD_Check} $ApcCheckbox
    ${EndIf}
    nsDialogs::Show
  FunctionEnd

  Function apcPathPageLeave
    ${NSD_GetState} $ApcCheckbox $0
    ${If} $0 == ${BST_CHECKED}
      StrCpy $ApcAddToPath "1"
    ${Else}
      StrCpy $ApcAddToPath "0"
    ${EndIf}
  FunctionEnd

  !macro customInstall
    ${If} $ApcAddToPath == "1"
      ReadRegStr $0 HKLM "${APC_ENV_KEY}" "Path"
      ; Idempotent: drop an earlier entry for this folder, then append it once.
      ${WordReplace} "$0" ";${APC_BIN_DIR}" "" "+" $0
      StrLen $1 $0
      ${If} $1 > ${APC_MAX_PATH}
        DetailPrint "The system PATH is too long to extend safely: add ${APC_BIN_DIR} to it by hand."
      ${Else}
        WriteRegExpandStr HKLM "${APC_ENV_KEY}" "Path" "$0;${APC_BIN_DIR}"
        SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
        DetailPrint "Added ${APC_BIN_DIR} to the system PATH."
      ${EndIf}
    ${EndIf}
  !macroend
!endif

!ifdef BUILD_UNINSTALLER
  !macro customUnInstall
    ${IfNot} ${isUpdated}
      ReadRegStr $0 HKLM "${APC_ENV_KEY}" "Path"
      ${un.WordReplace} "$0" ";${APC_BIN_DIR}" "" "+" $1
      ${If} $1 != $0
        WriteRegExpandStr HKLM "${APC_ENV_KEY}" "Path" "$1"
        SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=5000
      ${EndIf}
    ${EndIf}
  !macroend
!endif
