; The NK Dash installer (Inno Setup 6.3 or later). Built on Windows by
;   python build/build.py --installer
; which passes /DAppVersion=<nkdash_desktop.__version__> and /DBundleDir=<dist\NKDash>.
;
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs\NKDash. The
; operator's data (settings, logs, the demo lake and by default the lake) lives in
; %LOCALAPPDATA%\NKDash, never in the install folder, so an upgrade replaces the program and keeps
; the data, and uninstalling keeps it too unless the operator chooses to remove it.

#define AppName "NK Dash"
#define AppSlug "NKDash"
#define AppExe "NKDash.exe"
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\dist\" + AppSlug
#endif
#ifndef AppVersion
  ; the version resource build/version_info.py wrote into the exe
  #define AppVersion GetVersionNumbersString(AddBackslash(BundleDir) + AppExe)
#endif

[Setup]
; never change AppId: upgrades and the uninstaller find the installed app by it
AppId={{5E2B7C41-8F0A-4D63-9B1E-6C3A2F8D7E90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
DefaultDirName={localappdata}\Programs\{#AppSlug}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename={#AppSlug}-{#AppVersion}-setup
SetupIconFile=..\resources\nkdash.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; a running NK Dash is closed (Restart Manager) before its files are replaced
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "autostart"; Description: "Start {#AppName} in the background when I sign in to Windows"; GroupDescription: "Start-up:"; Flags: unchecked
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; an upgrade installs a whole new bundle: no file of the previous version may linger beside it
; (user data is never in {app}, so this cannot touch it)
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; sign-in autostart (per user); an upgrade without the task removes a previous entry
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppSlug}"; ValueData: """{app}\{#AppExe}"" --tray"; Flags: uninsdeletevalue; Tasks: autostart
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: none; ValueName: "{#AppSlug}"; Flags: deletevalue; Tasks: not autostart

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataFolder = '{localappdata}\NKDash';

var
  RemoveUserData: Boolean;

{ Asked once, before anything is removed. Keeping the data is the default, and the only answer
  of a silent uninstall (/SUPPRESSMSGBOXES). A task dialog rather than a custom form: its
  signature is the same on every Inno Setup 6 release. }
function InitializeUninstall(): Boolean;
var
  Answer: Integer;
begin
  Result := True;
  RemoveUserData := False;
  if UninstallSilent() then
    Exit;
  Answer := SuppressibleTaskDialogMsgBox(
    'Keep your NK Dash data?',
    'Your settings, logs and the demo lake are in ' + ExpandConstant(DataFolder) + '. ' +
    'Keep them to find everything again after reinstalling. A lake in another folder (such as ' +
    'D:\data-lake) is never removed, and the Odoo password stays in Windows Credential Manager.',
    mbConfirmation, MB_YESNO,
    ['Keep my data' + #13#10 + 'Only the program is removed.',
     'Remove my data' + #13#10 + 'Also delete ' + ExpandConstant(DataFolder) + '.'],
    0, IDYES);
  RemoveUserData := Answer = IDNO;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
    DelTree(ExpandConstant(DataFolder), True, True, True);
end;
