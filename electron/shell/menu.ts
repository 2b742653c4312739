// The application menu. Desk: File (print the focused window — the case page or a package
// preview window — and quit), Edit, View
// (zoom; reload and developer tools only in a development build), Help. Kiosk: none at all.
import type { MenuItemConstructorOptions } from 'electron';
import type { ShellMode } from './windows.ts';

export interface MenuActions {
  /** webContents.print() of the focused window (the case page, or a package preview). */
  print(): void;
  quit(): void;
}

export interface MenuLabels {
  file: string; print: string; quit: string; edit: string; view: string; help: string; about: string;
}

export const MENU_LABELS_ZH: MenuLabels = {
  file: '文件(&F)', print: '打印…', quit: '退出', edit: '编辑(&E)', view: '视图(&V)', help: '帮助(&H)', about: '关于 ClaimDesk',
};

export function menuTemplate(mode: ShellMode, actions: MenuActions, opts: { development: boolean; labels?: MenuLabels }): MenuItemConstructorOptions[] | null {
  if (mode === 'kiosk') return null;
  const l = opts.labels ?? MENU_LABELS_ZH;
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' },
  ];
  if (opts.development) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  return [
    {
      label: l.file,
      submenu: [
        { label: l.print, accelerator: 'CmdOrCtrl+P', click: () => actions.print() },
        { type: 'separator' },
        { label: l.quit, accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    { label: l.edit, submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: l.view, submenu: view },
    { label: l.help, submenu: [{ role: 'about', label: l.about }] },
  ];
}
