// One open case on the screen: its record as the core last answered, the changes in flight
// (run one after another, each built from the record as it is when its turn comes, so two
// fields saved in quick succession never overwrite each other) and the unsaved field texts.
import type { CallName, CaseRecord, RequestInput, Response } from '../../../shared/contract.ts';
import { call, toApiError, type ApiError } from './api.ts';
import { FieldDrafts } from './drafts.ts';

/** The calls that change a case and answer with the whole record. */
export type RecordCall = { [C in CallName]: Response<C> extends CaseRecord ? (CaseRecord extends Response<C> ? C : never) : never }[CallName];
export type UpdatePatch = Omit<RequestInput<'cases.update'>, 'number'>;

export class CaseSession {
  record = $state<CaseRecord | null>(null);
  loadError = $state<ApiError | null>(null);
  /** Changes sent and not yet answered. */
  pending = $state(0);
  /** When the last change was saved (for the "saved" note), or null. */
  savedAt = $state<number | null>(null);
  readonly drafts: FieldDrafts;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly number: string) {
    this.drafts = new FieldDrafts(`${number}.fields`);
  }

  async load(): Promise<void> {
    this.loadError = null;
    try {
      this.accept(await call('cases.get', { number: this.number }), true);
    } catch (e) {
      this.loadError = toApiError(e);
    }
  }

  /** Take a record the core answered with, unless a later one is already here. */
  accept(next: CaseRecord, force = false): void {
    if (force || !this.record || next.updatedAt >= this.record.updatedAt) this.record = next;
  }

  /**
   * Run a change after those before it. `make` builds the request from the record as it is
   * then (null: nothing to do). Resolves to null when saved, else the refusal.
   */
  change<C extends RecordCall>(name: C, make: (record: CaseRecord) => RequestInput<C> | null): Promise<ApiError | null> {
    this.pending++;
    const run = async (): Promise<ApiError | null> => {
      try {
        const record = this.record;
        if (!record) return null;
        const input = make(record);
        if (input === null) return null;
        const next = (await call(name, input)) as CaseRecord;
        this.accept(next, true);
        this.savedAt = Date.now();
        return null;
      } catch (e) {
        return toApiError(e);
      } finally {
        this.pending--;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result;
    return result;
  }

  /** cases.update with a patch built from the current record. */
  update(make: (record: CaseRecord) => UpdatePatch | null): Promise<ApiError | null> {
    return this.change('cases.update', (record) => {
      const patch = make(record);
      return patch === null ? null : { number: this.number, ...patch };
    });
  }
}
