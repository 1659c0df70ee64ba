@echo off
rem Runs the Autopilot Console command line (installed beside this file in resources\bin) and waits for it.
rem "Autopilot Console.exe" is a Windows GUI program: cmd.exe would neither wait for it nor pass its exit code
rem on, so it is started with START /B /WAIT: output stays in this console (or goes where it is redirected)
rem and ERRORLEVEL is the exit code of the command. Example: autopilot-console register D:\Hashes --json
setlocal
set "APC_EXE=%~dp0..\..\Autopilot Console.exe"
if not exist "%APC_EXE%" goto missing
start "" /b /wait "%APC_EXE%" %*
exit /b %ERRORLEVEL%
:missing
>&2 echo autopilot-console: "%APC_EXE%" was not found.
exit /b 2
