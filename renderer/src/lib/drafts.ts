// What the user typed but the core does not have yet — a half-typed date, a new expense row,
// the new-case form — kept in localStorage so that leaving a screen, a reload or a crash loses
// nothing. Each entry is removed as soon as the core has the value. A kiosk visit's end
// empties the storage (kiosk/visit.ts).

const PREFIX = 'claimdesk.draft.';

export function loadDraft<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

export function saveDraft(key: string, value: unknown): void {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // storage full or disabled: the value lives on the screen only
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing stored
  }
}

/** Unsaved field texts of one case, by element id. */
export class FieldDrafts {
  private fields: Record<string, string>;
  constructor(private readonly key: string) {
    this.fields = loadDraft<Record<string, string>>(key) ?? {};
  }
  get(id: string): string | undefined {
    return this.fields[id];
  }
  set(id: string, text: string): void {
    this.fields[id] = text;
    saveDraft(this.key, this.fields);
  }
  clear(id: string): void {
    if (!(id in this.fields)) return;
    delete this.fields[id];
    if (Object.keys(this.fields).length === 0) clearDraft(this.key);
    else saveDraft(this.key, this.fields);
  }
}

const STEP_PREFIX = 'claimdesk.step.';

/** The step the user was last on in a case (the hash has it too; this serves #/case/N without one). */
export function rememberStep(number: string, step: string): void {
  try {
    localStorage.setItem(STEP_PREFIX + number, step);
  } catch {
    // not remembered
  }
}

export function rememberedStep(number: string): string | null {
  try {
    return localStorage.getItem(STEP_PREFIX + number);
  } catch {
    return null;
  }
}

const FIELD_PREFIX = 'claimdesk.field.';

/** The field the user was last in on a step of a case (element id). */
export function rememberField(number: string, step: string, id: string): void {
  try {
    localStorage.setItem(`${FIELD_PREFIX}${number}.${step}`, id);
  } catch {
    // not remembered
  }
}

export function rememberedField(number: string, step: string): string | null {
  try {
    return localStorage.getItem(`${FIELD_PREFIX}${number}.${step}`);
  } catch {
    return null;
  }
}
