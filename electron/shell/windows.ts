// The windows the shell opens. Electron is passed in (dependency injection) so the tests
// build them with a recording fake under Node; the options are written out literally so a
// reader — and Electronegativity — sees every webPreference where the window is made.
import type { BrowserWindow as ElectronBrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export type ShellMode = 'desk' | 'kiosk';

/** Anything constructed like Electron's BrowserWindow (the real one, or a test's fake). */
export type BrowserWindowClass<W = ElectronBrowserWindow> = new (options: BrowserWindowConstructorOptions) => W;

export interface AppWindowOptions {
  mode: ShellMode;
  /** Absolute path of the built preload (dist/electron/preload.cjs). */
  preload: string;
  /** Developer tools in desk mode (never in a kiosk, never in an installed build). */
  devTools: boolean;
  title: string;
  icon?: string;
}

/**
 * The app's window. Desk: a normal window with menus. Kiosk: fullscreen kiosk window, no
 * menu bar, no developer tools, not closable by the visitor, no zooming.
 */
export function createAppWindow<W>(BrowserWindow: BrowserWindowClass<W>, o: AppWindowOptions): W {
  const kiosk = o.mode === 'kiosk';
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: o.title,
    ...(o.icon ? { icon: o.icon } : {}),
    backgroundColor: '#ffffff',
    kiosk,
    fullscreen: kiosk,
    fullscreenable: !kiosk,
    closable: !kiosk,
    minimizable: !kiosk,
    maximizable: !kiosk,
    movable: !kiosk,
    resizable: !kiosk,
    alwaysOnTop: kiosk,
    skipTaskbar: kiosk,
    autoHideMenuBar: kiosk,
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Chromium's built-in PDF viewer previews the claim package at the desk; a kiosk shows no PDFs.
      plugins: !kiosk,
      devTools: !kiosk && o.devTools,
      zoomFactor: 1,
    },
  });
  return win;
}

/**
 * Options for the package preview window (the app's own PDF from a blob: URL, in
 * Chromium's PDF viewer with its print button). No preload: the preview cannot call the
 * contract, and it gets the same sandbox as the app.
 */
export function previewWindowOptions(title: string): BrowserWindowConstructorOptions {
  return {
    width: 900,
    height: 1000,
    title,
    show: true,
    autoHideMenuBar: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      navigateOnDragDrop: false,
      safeDialogs: true,
      plugins: true,
      devTools: false,
    },
  };
}
