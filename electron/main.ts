// The desktop host: binds the contract to IPC and loads the renderer from the app's own
// files through the app:// scheme. Runs only inside Electron. Every policy it applies is a
// function in electron/shell/ that the tests load under Node with fakes; this file only
// wires them to Electron's objects (README.md, "Security", lists each with its test).
//
//   ClaimDesk [--kiosk] [--idle SECONDS] [--data DIR]   (installed: ClaimDesk.exe, /opt/ClaimDesk/claimdesk)
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell } from 'electron';
import path from 'node:path';
import { ClaimDeskService } from './core/service.ts';
import { resolveDataDir } from './core/dataDir.ts';
import { seedSamples } from './core/samples.ts';
import { startBackupSchedule } from './core/backup.ts';
import { startSearchMaintenance } from './core/search/maintenance.ts';
import { APP_ROOT } from './core/version.ts';
import type { CallResult, SettingsView } from '../shared/contract.ts';
import { APP_SCHEME, APP_START_URL, hasForbiddenSwitch, parseShellFlags } from './shell/policy.ts';
import { hardenEveryContents, hardenSession } from './shell/harden.ts';
import { createAppWindow, type ShellMode } from './shell/windows.ts';
import { appProtocolHandler } from './shell/protocol.ts';
import { registerContractIpc } from './shell/ipc.ts';
import { forgetVisitor } from './shell/forget.ts';
import { menuTemplate } from './shell/menu.ts';
import { openExternalSafely } from './shell/external.ts';

// Before the app is ready: the app:// scheme behaves like https (secure context, fetch),
// and every renderer is sandboxed whatever a window's options say.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
// Chromium's own words (a native control's text, its context menus) follow its locale, not
// the page's: the app speaks Chinese, whatever the system's language.
app.commandLine.appendSwitch('lang', 'zh-CN');

const flags = parseShellFlags(process.argv);
const rendererDir = path.join(APP_ROOT, 'dist', 'renderer');
const appContents = new Set<number>();
let service: ClaimDeskService | undefined;
let stopBackups: (() => void) | undefined;
let stopUpkeep: (() => void) | undefined;
let mode: ShellMode = 'desk';
let mainWindow: BrowserWindow | undefined;
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.whenReady().then(start).catch((err: unknown) => {
    console.error('ClaimDesk failed to start:', err);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  service = new ClaimDeskService({
    dataDir: resolveDataDir(flags.data), host: 'electron', mode: flags.kiosk ? 'kiosk' : undefined, idleSeconds: flags.idleSeconds,
  });
  mode = flags.kiosk ? 'kiosk' : service.settings.read().mode;
  const forbidden = hasForbiddenSwitch(process.argv);
  if (mode === 'kiosk' && forbidden) {
    console.error(`ClaimDesk kiosk: refusing to start with ${forbidden}`);
    app.exit(2);
    return;
  }
  if (mode === 'desk') await seedSamples(service);
  // The automatic daily backup (issue 7): now, then once a day while the app runs.
  stopBackups = startBackupSchedule(service);
  stopUpkeep = startSearchMaintenance(service.search);

  hardenSession(session.defaultSession, { cameraAllowed: () => service?.settings.read().cameraAllowed ?? false, mode: () => mode });
  hardenEveryContents(app, () => ({ mode, openAllowlisted: (url) => openExternalSafely(shell, url) }));
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));

  registerContractIpc(ipcMain, {
    dispatch: (name, input) => service ? service.dispatch(name, input) : Promise.resolve({ ok: false, error: { code: 'internal', message: 'closing' } }),
    appContentsIds: () => appContents,
    afterCall: (name, result, event) => {
      if (name === 'session.end' && result.ok && mode === 'kiosk') void forgetVisitor(event.sender);
      if (name === 'settings.set' && result.ok && (result as CallResult<SettingsView> & { ok: true }).value.restartNeeded) {
        // The administrator switched desk ⇄ kiosk: start again in the new mode.
        setTimeout(() => { app.relaunch(); quitting = true; app.quit(); }, 300);
      }
    },
  });

  const template = menuTemplate(mode, {
    print: () => BrowserWindow.getFocusedWindow()?.webContents.print({ silent: false, printBackground: true }),
    quit: () => app.quit(),
  }, { development: !app.isPackaged });
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);

  await openMainWindow();
}

async function openMainWindow(): Promise<void> {
  const win = createAppWindow(BrowserWindow, {
    mode, preload: path.join(import.meta.dirname, 'preload.cjs'), devTools: !app.isPackaged, title: 'ClaimDesk 医保零星报销材料助手',
  });
  mainWindow = win;
  const id = win.webContents.id;
  appContents.add(id);
  win.on('closed', () => {
    appContents.delete(id);
    if (mainWindow === win) mainWindow = undefined;
  });
  if (mode === 'kiosk') {
    // A visitor cannot close the kiosk; the administrator stops it from the operating system.
    win.on('close', (event) => { if (!quitting) event.preventDefault(); });
    // A crashed or hung page ends the visit like an idle one, and the start page comes back.
    win.webContents.on('render-process-gone', () => {
      void service?.dispatch('session.end', { reason: 'idle' });
      void forgetVisitor(win.webContents);
    });
    win.on('unresponsive', () => win.webContents.forcefullyCrashRenderer());
  }
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_START_URL);
}

app.on('before-quit', () => { quitting = true; });

app.on('activate', () => {
  if (service && BrowserWindow.getAllWindows().length === 0) void openMainWindow();
});

app.on('window-all-closed', () => {
  stopBackups?.();
  stopUpkeep?.();
  service?.close();
  service = undefined;
  app.quit();
});
