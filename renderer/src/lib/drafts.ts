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

// Where the user was in each case: the step and, per step, the field last focused. One entry
// per case, the most recent few hundred only (a desk opens thousands of cases over the years).
const PLACES_KEY = 'claimdesk.places';
const PLACES_KEPT = 300;
interface Place { step?: string; fields?: Record<string, string> }

function readPlaces(): Record<string, Place> {
  try {
    return JSON.parse(localStorage.getItem(PLACES_KEY) ?? '{}') as Record<string, Place>;
  } catch {
    return {};
  }
}

function updatePlace(number: string, change: (place: Place) => void): void {
  const places = readPlaces();
  const place = places[number] ?? {};
  delete places[number];
  change(place);
  places[number] = place; // re-inserted last: the most recent
  const numbers = Object.keys(places);
  for (const old of numbers.slice(0, Math.max(0, numbers.length - PLACES_KEPT))) delete places[old];
  try {
    localStorage.setItem(PLACES_KEY, JSON.stringify(places));
  } catch {
    // not remembered
  }
}

/** The step the user was last on in a case (the hash has it too; this serves #/case/N without one). */
export function rememberStep(number: string, step: string): void {
  if (readPlaces()[number]?.step === step) return;
  updatePlace(number, (p) => { p.step = step; });
}

export function rememberedStep(number: string): string | null {
  return readPlaces()[number]?.step ?? null;
}

/** The field the user was last in on a step of a case (element id). */
export function rememberField(number: string, step: string, id: string): void {
  if (readPlaces()[number]?.fields?.[step] === id) return;
  updatePlace(number, (p) => { p.fields = { ...p.fields, [step]: id }; });
}

export function rememberedField(number: string, step: string): string | null {
  return readPlaces()[number]?.fields?.[step] ?? null;
}
