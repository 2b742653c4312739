// The contract over IPC: one channel, `claimdesk:call`, answered with the service's
// envelope. Every message's sender frame is checked first (policy.ts isTrustedSender): only
// the top frame of one of the app's own windows, showing the app's own page, is answered.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { CallResult } from '../../shared/contract.ts';
import { isTrustedSender } from './policy.ts';

export const CONTRACT_CHANNEL = 'claimdesk:call';

export interface ContractIpcDeps {
  dispatch(name: string, input: unknown): Promise<CallResult<unknown>>;
  /** The webContents ids of the app's own windows (not previews). */
  appContentsIds(): ReadonlySet<number>;
  /** After a call was answered (the kiosk forgets its visitor after session.end). */
  afterCall?(name: string, result: CallResult<unknown>, event: IpcMainInvokeEvent): void;
}

const REFUSED: CallResult<never> = { ok: false, error: { code: 'invalid_request', message: 'calls are accepted only from the app itself' } };

/** The handler for ipcMain.handle(CONTRACT_CHANNEL, …). */
export function contractCallHandler(deps: ContractIpcDeps) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, name: unknown, input: unknown): Promise<CallResult<unknown>> => {
    if (!isTrustedSender(event.senderFrame, event.sender.id, deps.appContentsIds())) return REFUSED;
    if (typeof name !== 'string') return { ok: false, error: { code: 'unknown_call', message: 'call name must be a string' } };
    const result = await deps.dispatch(name, input);
    deps.afterCall?.(name, result, event as IpcMainInvokeEvent);
    return result;
  };
}

export function registerContractIpc(ipcMain: Pick<IpcMain, 'handle'>, deps: ContractIpcDeps): void {
  ipcMain.handle(CONTRACT_CHANNEL, contractCallHandler(deps));
}
