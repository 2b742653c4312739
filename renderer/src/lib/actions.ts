// Small DOM behaviours shared by screens, as Svelte actions: one implementation of each
// keyboard habit instead of one per screen.

/** Focus the element when it mounts (a screen's first field). */
export function autofocus(node: HTMLElement, enabled: boolean = true): void {
  if (enabled) queueMicrotask(() => node.focus());
}

export interface EntryKeysOptions {
  /** Escape anywhere in the form. */
  onEscape?: () => void;
}

/**
 * Keyboard-first entry in a form: Enter submits from any field, a <select> included
 * (browsers only do it for text inputs); Escape calls onEscape.
 */
export function entryKeys(form: HTMLFormElement, options: EntryKeysOptions = {}) {
  let current = options;
  function onKey(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME (pinyin) is still composing: Enter picks a candidate
    if (event.key === 'Enter' && event.target instanceof HTMLSelectElement) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === 'Escape' && current.onEscape) {
      event.preventDefault();
      current.onEscape();
    }
  }
  form.addEventListener('keydown', onKey);
  return {
    update(next: EntryKeysOptions) {
      current = next;
    },
    destroy() {
      form.removeEventListener('keydown', onKey);
    },
  };
}
