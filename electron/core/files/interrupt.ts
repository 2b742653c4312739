// Undoing half-done work when the process is ended by a signal (Ctrl+C, kill). Without a
// handler Node ends at once: no `finally` runs, and a killed backup left a full copy of the
// database (every ID number) in a hidden staging folder of the data directory, and a killed
// write its temporary file beside the target. While any undo is registered, SIGINT and
// SIGTERM run every registered undo (newest first) and end the process with 130 / 143; with
// none registered a signal ends the process as it always did.
// A handler runs between turns of the event loop, never inside synchronous work (a database
// transaction, a commit and the line that reports it).
const undos: ((signal: NodeJS.Signals) => void)[] = [];

function onSignal(signal: NodeJS.Signals): void {
  for (const undo of [...undos].reverse()) {
    try { undo(signal); } catch { /* the others still run */ }
  }
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

/** Run `undo` (given the signal) if a signal ends the process before the returned function is called. */
export function onInterrupt(undo: (signal: NodeJS.Signals) => void): () => void {
  if (undos.length === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  undos.push(undo);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    undos.splice(undos.indexOf(undo), 1);
    if (undos.length === 0) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  };
}
