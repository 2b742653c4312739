// Sandboxed preload (CommonJS, self-contained): exposes exactly one function to the page.
// The contract is validated in the main process, never here.
const { contextBridge, ipcRenderer } = require('electron') as typeof import('electron');

contextBridge.exposeInMainWorld('claimdesk', {
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('claimdesk:call', name, input),
});
