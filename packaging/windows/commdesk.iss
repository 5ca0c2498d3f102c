; Inno Setup script: a one-click Windows installer for the frozen folder (dist\commdesk).
;   iscc /DAppVersion=0.1.0 packaging\windows\commdesk.iss
; Installs per user by default (no administrator rights needed), adds a Start menu entry and
; an optional desktop icon, and removes itself cleanly. The user's data (in %LOCALAPPDATA%)
; stays when CommDesk is uninstalled.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6E3C2B1A-4F5D-4C8E-9A7B-2D1E0F3C4B5A}
AppName=CommDesk
AppVersion={#AppVersion}
AppPublisher=CommDesk developers
DefaultDirName={autopf}\CommDesk
DefaultGroupName=CommDesk
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\dist
OutputBaseFilename=commdesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\commdesk.exe

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\commdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\CommDesk"; Filename: "{app}\commdesk.exe"
Name: "{group}\Uninstall CommDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\CommDesk"; Filename: "{app}\commdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\commdesk.exe"; Description: "{cm:LaunchProgram,CommDesk}"; Flags: nowait postinstall skipifsilent
