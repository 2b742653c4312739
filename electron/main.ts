// The desktop host: binds the contract to ipcMain.handle and loads the renderer from the
// app's own files through the app:// scheme. Runs only inside Electron; every policy it
// applies lives in plain functions (windowPolicy.ts) that tests load under Node.
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ClaimDeskService } from './core/service.ts';
import { resolveDataDir } from './core/dataDir.ts';
import { seedSamples } from './core/samples.ts';
import { APP_ROOT } from './core/version.ts';
import { APP_ORIGIN, APP_SCHEME, appUrlToRelativePath, isAppUrl, secureWebPreferences } from './windowPolicy.ts';
import { CONTENT_SECURITY_POLICY } from './web.ts';

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const rendererDir = path.join(APP_ROOT, 'dist', 'renderer');
let service: ClaimDeskService | undefined;

function dataFlag(argv: string[]): string | undefined {
  const i = argv.indexOf('--data');
  return i >= 0 ? argv[i + 1] : undefined;
}

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1280, height: 860, show: false, title: 'ClaimDesk 医保零星报销材料助手',
    webPreferences: secureWebPreferences(path.join(import.meta.dirname, 'preload.cjs')),
  });
  win.webContents.on('will-navigate', (event, url) => { if (!isAppUrl(url)) event.preventDefault(); });
  win.webContents.on('will-redirect', (event, url) => { if (!isAppUrl(url)) event.preventDefault(); });
  win.webContents.setWindowOpenHandler(({ url }) => (url.startsWith('blob:') ? { action: 'allow' } : { action: 'deny' }));
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  service = new ClaimDeskService({ dataDir: resolveDataDir(dataFlag(process.argv)), host: 'electron' });
  seedSamples(service);

  protocol.handle(APP_SCHEME, async (request) => {
    const relative = appUrlToRelativePath(request.url);
    if (!relative) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(path.join(rendererDir, relative)).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(res.body, { status: res.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  ipcMain.handle('claimdesk:call', async (event, name: unknown, input: unknown) => {
    // Only the app's own top frame may call the contract.
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url) || event.senderFrame.parent) {
      return { ok: false, error: { code: 'invalid_request', message: 'calls are accepted only from the app itself' } };
    }
    if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_call', message: 'call name must be a string' } };
    return service!.dispatch(name, input);
  });

  await createWindow();
  app.on('activate', () => { if (BrowserWindow.getAllWindows().length === 0) void createWindow(); });
});

app.on('window-all-closed', () => {
  service?.close();
  service = undefined;
  if (process.platform !== 'darwin') app.quit();
});
