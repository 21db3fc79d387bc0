; Inno Setup script: the PyInstaller folder (build\dist\reelroom, with libvlc and its plugins in
; _internal\vlc) as a per-machine installer with a Start menu entry and the .reelroom file type.
;   iscc /DAppVersion=<pyproject version> packaging\windows\reelroom.iss
; The version is passed in, never written here (packaging/pyinstaller/app_version.py reads it
; from pyproject.toml); the workflow .github/workflows/installers.yml builds it that way.
; Silent install: Reelroom-<version>-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (from packaging/pyinstaller/app_version.py)
#endif

#define Root "..\.."
#define Frozen Root + "\build\dist\reelroom"

[Setup]
AppId={{6A1C7E52-3F0B-4B9E-9C55-2F7D8E0B6A11}
AppName=Reelroom
AppVersion={#AppVersion}
AppVerName=Reelroom {#AppVersion}
AppPublisher=Reelroom
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Reelroom
DefaultGroupName=Reelroom
DisableProgramGroupPage=yes
OutputDir={#Root}\build
OutputBaseFilename=Reelroom-{#AppVersion}-setup
SetupIconFile={#Root}\resources\icons\reelroom.ico
UninstallDisplayIcon={app}\reelroom.exe
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
Compression=lzma2/fast
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
PrivilegesRequiredOverridesAllowed=dialog

[Files]
Source: "{#Frozen}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Reelroom"; Filename: "{app}\reelroom.exe"
Name: "{group}\Uninstall Reelroom"; Filename: "{uninstallexe}"

[Registry]
; double-clicking a .reelroom bundle opens it in Reelroom (reelroom "%1")
Root: HKA; Subkey: "Software\Classes\.reelroom"; ValueType: string; ValueName: ""; ValueData: "Reelroom.Bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Reelroom.Bundle"; ValueType: string; ValueName: ""; ValueData: "Reelroom project bundle"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Reelroom.Bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\reelroom.exe,0"
Root: HKA; Subkey: "Software\Classes\Reelroom.Bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\reelroom.exe"" ""%1"""

[Run]
Filename: "{app}\reelroom.exe"; Description: "Start Reelroom"; Flags: nowait postinstall skipifsilent
