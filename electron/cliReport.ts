// What `claimdesk import` prints on stdout is a promise (INTERFACES.md): one line per case,
// after its commit, and every such line for every committed case. Two ways used to break it:
// - a signal (Ctrl+C, kill) ending the process between a commit and its line: the case was
//   in, unreported, and importing the file again then failed as a duplicate;
// - stdout that cannot be written (the reader went away, a full disk): the run stopped half
//   way with exit 0 and nothing said, or with a stack trace.
// Commits and their lines are synchronous, and a signal's handler runs only between them, so
// ending the process in the handler never splits the two. A line that cannot be written stops
// the run, saying on stderr which committed case it was.
import { onInterrupt } from './core/files/interrupt.ts';
import { CONTROL_CHARACTERS } from '../shared/model/characters.ts';

export class CommitReport {
  private committed = 0;
  private last: string | null = null;
  private readonly onStdoutError = (err: NodeJS.ErrnoException): void => this.cannotReport(err);
  /** Said when a signal ends the run (files/interrupt.ts runs it, then exits 130 or 143). */
  private readonly undo = onInterrupt((signal) => {
    const far = this.howFar?.();
    process.stderr.write(`claimdesk ${this.verb}: interrupted (${signal}): ${this.committed} case(s) imported, each printed above${far ? ` (${far})` : ''}; nothing else was imported\n`);
  });

  /** `howFar`: how much of the run was gone through, for that line ('13 of 120 files done'). */
  constructor(private readonly verb: string, private readonly howFar?: () => string) {
    // Before cli.ts's own listener, which ends a `list | head` quietly with exit 0.
    process.stdout.prependListener('error', this.onStdoutError);
  }

  /** The line for a case just committed. */
  imported(number: string, file: string): void {
    this.committed++;
    this.last = number;
    try {
      // A file name with a line break in it would print as two lines, the second a forged one.
      const shown = CONTROL_CHARACTERS.test(file) ? JSON.stringify(file) : file;
      process.stdout.write(`imported ${number} ${shown}\n`);
    } catch (err) {
      this.cannotReport(err as NodeJS.ErrnoException); // a file on a full disk may throw here
    }
  }

  dispose(): void {
    this.undo();
    process.stdout.off('error', this.onStdoutError);
  }

  /** Which lines reached the reader cannot be known: the last case committed is named to check against. */
  private cannotReport(err: NodeJS.ErrnoException): never {
    const last = this.last ? ` (the last one ${this.last}; its line or those before it may not have been printed)` : '';
    process.stderr.write(`claimdesk ${this.verb}: cannot write to stdout (${err.code ?? err.message}): stopped after ${this.committed} case(s) imported${last}; nothing else was imported\n`);
    process.exit(1);
  }
}
