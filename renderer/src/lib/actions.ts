// Small DOM behaviours shared by screens, as Svelte actions: one implementation of each
// keyboard habit instead of one per screen.

/** Focus the element when it mounts (a screen's first field). */
export function autofocus(node: HTMLElement, enabled: boolean = true): void {
  if (enabled) queueMicrotask(() => node.focus());
}

/**
 * use:stickyBottom — a bar stuck to the bottom of the window: its height is kept in
 * --totalbar-height on the page, which the page's scroll-padding-bottom reserves (app.css),
 * so a focused field is never scrolled under it, whatever its height (it wraps when narrow).
 */
export function stickyBottom(node: HTMLElement) {
  const root = document.documentElement;
  const observer = new ResizeObserver(() => root.style.setProperty('--totalbar-height', `${node.offsetHeight}px`));
  observer.observe(node);
  return {
    destroy() {
      observer.disconnect();
      root.style.removeProperty('--totalbar-height');
    },
  };
}

/**
 * Scroll a field's whole box (label, input and the message below it) into view, clear of the
 * sticky bar: focus alone scrolls only the input, so a message that just appeared under an
 * input already in view could stay hidden.
 */
export function revealField(el: HTMLElement): void {
  (el.closest<HTMLElement>('.field') ?? el).scrollIntoView({ block: 'nearest' });
}

export interface EntryKeysOptions {
  /** Escape anywhere in the form. */
  onEscape?: () => void;
}

/**
 * Keyboard-first entry in a form: Enter submits from any field, a <select> or a checkbox
 * included (browsers only do it for text inputs); Escape calls onEscape.
 */
export function entryKeys(form: HTMLFormElement, options: EntryKeysOptions = {}) {
  let current = options;
  function onKey(event: KeyboardEvent): void {
    if (event.isComposing) return; // an IME (pinyin) is still composing: Enter picks a candidate
    const target = event.target;
    const enterSubmits = target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && target.type === 'checkbox');
    if (event.key === 'Enter' && enterSubmits) {
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

/**
 * Focus an element by id once it is on the screen (after a step change): an input or button
 * itself; for a group (a fieldset of radios), its checked choice or first control. The
 * element is scrolled into view and briefly marked, so the eye finds it too.
 */
export async function focusById(id: string, tries = 20): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    const el = document.getElementById(id);
    if (el) {
      const control = el.matches('input, select, textarea, button, a[href], [tabindex]')
        ? el
        : el.querySelector<HTMLElement>('input:checked') ?? el.querySelector<HTMLElement>('input, select, textarea, button, a[href]');
      const target = (control ?? el) as HTMLElement;
      target.scrollIntoView({ block: 'center' });
      target.focus({ preventScroll: true });
      const mark = el.closest<HTMLElement>('.field, fieldset, .material-card, tr') ?? el;
      mark.classList.remove('jumped');
      void mark.offsetWidth; // restart the highlight animation
      mark.classList.add('jumped');
      return true;
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  return false;
}

export interface DropZoneOptions {
  ondrop: (files: File[]) => void;
  /** Called with true while files are dragged over the node. */
  onover?: (over: boolean) => void;
  disabled?: boolean;
}

/** use:dropZone — files dragged onto the node are handed to ondrop (never opened by the browser). */
export function dropZone(node: HTMLElement, options: DropZoneOptions) {
  let current = options;
  let depth = 0;
  const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  function enter(e: DragEvent): void {
    if (!hasFiles(e) || current.disabled) return;
    e.preventDefault();
    if (depth++ === 0) current.onover?.(true);
  }
  function over(e: DragEvent): void {
    if (!hasFiles(e) || current.disabled) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  }
  function leave(e: DragEvent): void {
    if (!hasFiles(e) || current.disabled) return;
    if (--depth <= 0) {
      depth = 0;
      current.onover?.(false);
    }
  }
  function drop(e: DragEvent): void {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    current.onover?.(false);
    if (current.disabled) return;
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length > 0) current.ondrop(files);
  }
  node.addEventListener('dragenter', enter);
  node.addEventListener('dragover', over);
  node.addEventListener('dragleave', leave);
  node.addEventListener('drop', drop);
  return {
    update(next: DropZoneOptions) {
      current = next;
    },
    destroy() {
      node.removeEventListener('dragenter', enter);
      node.removeEventListener('dragover', over);
      node.removeEventListener('dragleave', leave);
      node.removeEventListener('drop', drop);
    },
  };
}

export interface ListNavigationOptions {
  /** How many items there are. */
  count: number;
  /** Move focus to item `index` (scrolling it into being first if the list is virtual). */
  focusItem: (index: number) => void;
  /** The index of the item an element belongs to, or null. */
  indexOf: (el: Element) => number | null;
  /** Items per PageUp/PageDown. */
  pageSize?: number;
}

/**
 * use:listNavigation — ArrowUp/ArrowDown move between the items of a list, PageUp/PageDown by
 * a page, Home/End (with or without Ctrl) to the ends. Tab still leaves the list. Home/End alone
 * go to the ends too: a list item has no text caret to move, and the browser's own Home/End
 * would only scroll the container, leaving focus behind on an item out of view.
 */
export function listNavigation(node: HTMLElement, options: ListNavigationOptions) {
  let current = options;
  function onKey(event: KeyboardEvent): void {
    if (event.altKey || event.metaKey || event.isComposing) return;
    const target = event.target as Element | null;
    if (!target || target.closest('input, textarea, select')) return;
    const index = current.indexOf(target);
    if (index === null) return;
    const page = current.pageSize ?? 10;
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = index + 1;
    else if (event.key === 'ArrowUp') next = index - 1;
    else if (event.key === 'PageDown') next = index + page;
    else if (event.key === 'PageUp') next = index - page;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = current.count - 1;
    if (next === null) return;
    event.preventDefault();
    current.focusItem(Math.max(0, Math.min(current.count - 1, next)));
  }
  node.addEventListener('keydown', onKey);
  return {
    update(next: ListNavigationOptions) {
      current = next;
    },
    destroy() {
      node.removeEventListener('keydown', onKey);
    },
  };
}
