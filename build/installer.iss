; The NK Dash installer (Inno Setup 6.3 or later). Built on Windows by
;   python build/build.py --installer
; which passes /DAppVersion=<nkdash_desktop.__version__> and /DBundleDir=<dist\NKDash>.
;
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs\NKDash. The
; operator's data (settings, logs, the demo lake and by default the lake) lives in
; %LOCALAPPDATA%\NKDash, never in the install folder, so an upgrade replaces the program and keeps
; the data, and uninstalling keeps it too unless the operator chooses to remove it.
;
; Start at sign-in: the Run value "NKDash" under HKCU\...\Run is the one record, whoever writes it
; (this installer's task or the app's Settings, which reads it back from there). The task starts
; ticked when the value exists, unticking it on the tasks page removes it, an upgrade that never
; shows that page (silent) leaves it as it is, and uninstalling always removes it.
; A running app (it may sit in the tray with no window, where Restart Manager cannot close it) is
; asked to quit cleanly first: `NKDash.exe --quit`, then AppMutex as the safety net.

#define AppName "NK Dash"
#define AppSlug "NKDash"
#define AppExe "NKDash.exe"
; the console twin (nkdash.spec CLI_NAME): the command line, scripts, scheduled tasks
#define CliExe "nkdash-cli.exe"
; held by the running app (nkdash_desktop/ui/single_instance.py WINDOWS_MUTEX)
#define AppMutexName "NKDashDesktopRunning"
; the taskbar groups the running app with its shortcuts by this id (nkdash_desktop/ui/icon.py)
#define AppUserModelID "NKDash.Desktop"
#define RunKey "Software\Microsoft\Windows\CurrentVersion\Run"
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
AppMutex={#AppMutexName}
; the previous run's task choice must not decide the autostart: the Run value does
UsePreviousTasks=no
; Restart Manager as a last resort, for an older version that does not know --quit
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
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; AppUserModelID: "{#AppUserModelID}"
Name: "{autoprograms}\{#AppName} demo"; Filename: "{app}\{#AppExe}"; Parameters: "demo"; Comment: "NK Dash on its built-in demo shop: no Odoo needed"; AppUserModelID: "{#AppUserModelID}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon; AppUserModelID: "{#AppUserModelID}"

[Registry]
; the same value the app writes (nkdash_desktop/autostart.py: "<exe>" --tray); removed at
; uninstall by [Code], whoever wrote it
Root: HKCU; Subkey: "{#RunKey}"; ValueType: string; ValueName: "{#AppSlug}"; ValueData: """{app}\{#AppExe}"" --tray"; Tasks: autostart

[UninstallDelete]
; what the app itself creates at run time, never the operator's data: WebEngine's profile and
; caches (Qt's per-app folder, QStandardPaths AppDataLocation and CacheLocation), the
; single-instance lock files (QDir::tempPath)
Type: filesandordirs; Name: "{localappdata}\{#AppSlug}\{#AppName}"
Type: files; Name: "{%TEMP}\nkdash-desktop-*.lock"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
const
  DataFolder = '{localappdata}\{#AppSlug}';
  QuitWaitMs = 20000;

var
  RemoveUserData: Boolean;
  RemoveDefaultLake: Boolean;
  TasksPageSeen: Boolean;

{ Ask a running NK Dash (window or tray) to quit as its tray menu's Quit does: it stops the
  scheduler and finishes its writes. Then wait for its mutex to go. }
procedure CloseRunningApp(Exe: String);
var
  Code, Waited: Integer;
begin
  if not CheckForMutexes('{#AppMutexName}') then
    Exit;
  if FileExists(Exe) then
    Exec(Exe, '--quit', '', SW_HIDE, ewWaitUntilTerminated, Code);
  Waited := 0;
  while CheckForMutexes('{#AppMutexName}') and (Waited < QuitWaitMs) do
  begin
    Sleep(250);
    Waited := Waited + 250;
  end;
end;

function InitializeSetup(): Boolean;
begin
  { before AppMutex's check: an upgrade closes the running app instead of asking }
  CloseRunningApp(ExpandConstant('{localappdata}\Programs\{#AppSlug}\{#AppExe}'));
  Result := True;
end;

{ The task shows what the system does now: ticked when the Run value exists (the app's Settings
  may have written it). Once, so that going Back does not undo the operator's choice. }
procedure CurPageChanged(CurPageID: Integer);
begin
  if (CurPageID = wpSelectTasks) and not TasksPageSeen then
  begin
    TasksPageSeen := True;
    if RegValueExists(HKCU, '{#RunKey}', '{#AppSlug}') then
      WizardSelectTasks('autostart');
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  { unticked by the operator on the tasks page: off. A silent upgrade never showed the page:
    the Run value stays as it was. }
  if (CurStep = ssPostInstall) and TasksPageSeen and not WizardIsTaskSelected('autostart') then
    RegDeleteValue(HKCU, '{#RunKey}', '{#AppSlug}');
end;

{ The lake the settings name ([lake] root = "..."), or '' for the default. }
function ChosenLake(): String;
var
  Lines: TArrayOfString;
  I, P: Integer;
  Line, Section: String;
begin
  Result := '';
  if not LoadStringsFromFile(ExpandConstant(DataFolder) + '\settings.toml', Lines) then
    Exit;
  Section := '';
  for I := 0 to GetArrayLength(Lines) - 1 do
  begin
    Line := Trim(Lines[I]);
    if (Length(Line) > 0) and (Line[1] = '[') then
      Section := Line
    else if (Section = '[lake]') and (Pos('root', Line) = 1) then
    begin
      P := Pos('"', Line);
      if P > 0 then
      begin
        Result := Copy(Line, P + 1, Length(Line));
        P := Pos('"', Result);
        if P > 0 then
          Result := Copy(Result, 1, P - 1);
        StringChangeEx(Result, '\\', '\', True);
      end;
    end;
  end;
end;

function DefaultLake(): String;
begin
  Result := ExpandConstant(DataFolder) + '\data-lake';
end;

{ Asked before anything is removed. Keeping everything is the default, and the only answer of a
  silent uninstall. The data named is exactly what "Remove my data" deletes; the default lake
  (when it is under %LOCALAPPDATA%) is a second, separate question; a lake the operator chose
  is never touched. }
function InitializeUninstall(): Boolean;
var
  Answer: Integer;
  Chosen, Lake: String;
begin
  Result := True;
  RemoveUserData := False;
  RemoveDefaultLake := False;
  CloseRunningApp(ExpandConstant('{app}\{#AppExe}'));
  if UninstallSilent() then
    Exit;
  Answer := SuppressibleTaskDialogMsgBox(
    'Keep your NK Dash data?',
    'In ' + ExpandConstant(DataFolder) + ': your settings (settings.toml), the logs (Logs), ' +
    'the demo lake (demo-lake) and crash reports (crash). Keep them to find everything again ' +
    'after reinstalling. The Odoo password stays in Windows Credential Manager.',
    mbConfirmation, MB_YESNO,
    ['Keep my data' + #13#10 + 'Only the program is removed.',
     'Remove my data' + #13#10 + 'Delete settings.toml, Logs, demo-lake and crash.'],
    0, IDYES);
  RemoveUserData := Answer = IDNO;
  Chosen := ChosenLake();
  Lake := DefaultLake();
  if RemoveUserData and DirExists(Lake) and ((Chosen = '') or (CompareText(Chosen, Lake) = 0)) then
    RemoveDefaultLake := SuppressibleTaskDialogMsgBox(
      'Also delete your data lake?',
      'The lake in ' + Lake + ' holds every day synced from Odoo. Deleting it means syncing ' +
      'them all again after reinstalling.',
      mbConfirmation, MB_YESNO,
      ['Keep the lake' + #13#10 + 'It stays in ' + Lake + '.',
       'Delete the lake' + #13#10 + 'Delete ' + Lake + '.'],
      0, IDYES) = IDNO;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Folder: String;
begin
  if CurUninstallStep = usUninstall then
    { whoever wrote it, the app or this installer: it would start a deleted exe }
    RegDeleteValue(HKCU, '{#RunKey}', '{#AppSlug}');
  if (CurUninstallStep = usPostUninstall) and RemoveUserData then
  begin
    Folder := ExpandConstant(DataFolder);
    DeleteFile(Folder + '\settings.toml');
    DelTree(Folder + '\Logs', True, True, True);
    DelTree(Folder + '\demo-lake', True, True, True);
    DelTree(Folder + '\crash', True, True, True);
    if RemoveDefaultLake then
      DelTree(DefaultLake(), True, True, True);
    RemoveDir(Folder);  { only when nothing else is left in it }
  end;
end;
