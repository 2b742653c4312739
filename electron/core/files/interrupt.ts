// Undoing half-done work when the process is ended by a signal (Ctrl+C, kill). Without a
// handler Node ends at once: no `finally` runs, and a killed backup left a full copy of the
// database (every ID number) in a hidden staging folder of the data directory, and a killed
// write its temporary file beside the target. SIGINT and SIGTERM run every registered undo
// (newest first) and end the process with 130 / 143.
// A handler runs between turns of the event loop, never inside synchronous work (a database
// transaction, a commit and the line that reports it).
//
// The listeners, once added, stay for the life of the process. Removing them when the last undo
// went lost signals: a Ctrl+C that arrived while an undo was registered but was dispatched after
// it had been removed found no listener, and Node dropped it — a command that registers an undo
// per file (package, backup, zip) ran on as if nothing had been pressed. With nothing to undo, a
// signal ends the process (130 / 143) unless another listener is there to handle it (serve's
// graceful stop), as it did before any undo was registered.
const undos: ((signal: NodeJS.Signals) => void)[] = [];
let listening = false;
/** The signal being acted on, once its undos have started: the process is ending. */
let stopping: NodeJS.Signals | null = null;

function onSignal(signal: NodeJS.Signals): void {
  if (undos.length === 0 && process.listenerCount(signal) > 1) return; // someone else's to handle
  stopping = signal;
  for (const undo of [...undos].reverse()) {
    try { undo(signal); } catch { /* the others still run */ }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/**
 * The signal that is ending the process, once its handler has begun (else null). Work that
 * goes on in steps (import's commits, batch/index.ts inOrder) looks before each step: what the
 * undos and the summary have already said was not done must stay not done.
 */
export function interrupted(): NodeJS.Signals | null {
  return stopping;
}

/** Run `undo` (given the signal) if a signal ends the process before the returned function is called. */
export function onInterrupt(undo: (signal: NodeJS.Signals) => void): () => void {
  if (!listening) {
    // First in line, so that onSignal sees every other listener still there (a `once` one
    // removes itself before it runs).
    process.prependListener('SIGINT', onSignal);
    process.prependListener('SIGTERM', onSignal);
    listening = true;
  }
  undos.push(undo);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    undos.splice(undos.indexOf(undo), 1);
  };
}
