// Idle detection for the kiosk, as a Svelte action (use:idle) over a small timer class the
// tests drive with a fake clock. Any touch, click, key, wheel or typing is activity; after
// `seconds - warningSeconds` without any, onWarn(remaining) is called once a second with the
// seconds left; at zero, onIdle. Activity during the countdown calls onActive and starts over.

export interface IdleOptions {
  /** Seconds without activity until onIdle. */
  seconds: number;
  /** The last seconds, counted down by onWarn. */
  warningSeconds: number;
  onWarn(remaining: number): void;
  onActive(): void;
  onIdle(): void;
  /** Activity, at most once every `touchEvery` seconds (the kiosk tells the core). */
  onActivity?(): void;
  touchEvery?: number;
  /** False: the timer stands still (nothing to protect yet). */
  enabled?: boolean;
}

export interface Clock {
  now(): number;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

export class IdleTimer {
  private options: IdleOptions;
  private last: number;
  private lastReported = -Infinity;
  private warning = false;
  private fired = false;
  private handle: unknown = null;

  constructor(options: IdleOptions, private readonly clock: Clock = realClock) {
    this.options = options;
    this.last = clock.now();
    this.schedule();
  }

  update(options: IdleOptions): void {
    const wasEnabled = this.options.enabled !== false;
    this.options = options;
    if (!wasEnabled && options.enabled !== false) this.reset();
    this.schedule();
  }

  /** Something the visitor did. */
  activity(): void {
    if (this.options.enabled === false) return;
    this.reset();
    const every = (this.options.touchEvery ?? 20) * 1000;
    if (this.options.onActivity && this.last - this.lastReported >= every) {
      this.lastReported = this.last;
      this.options.onActivity();
    }
  }

  /** Seconds left until onIdle. */
  remaining(): number {
    return Math.max(0, this.options.seconds * 1000 - (this.clock.now() - this.last)) / 1000;
  }

  stop(): void {
    if (this.handle !== null) this.clock.clearInterval(this.handle);
    this.handle = null;
  }

  /** One tick (the interval calls it; tests may too). */
  tick(): void {
    if (this.options.enabled === false || this.fired) return;
    const left = this.remaining();
    if (left <= 0) {
      this.fired = true;
      this.warning = false;
      this.options.onIdle();
      return;
    }
    if (left <= this.options.warningSeconds) {
      this.warning = true;
      this.options.onWarn(Math.ceil(left));
    }
  }

  private reset(): void {
    this.last = this.clock.now();
    this.fired = false;
    if (this.warning) {
      this.warning = false;
      this.options.onActive();
    }
  }

  private schedule(): void {
    this.stop();
    if (this.options.enabled === false) return;
    this.handle = this.clock.setInterval(() => this.tick(), 250);
  }
}

/** use:idle={options} — listens on the node's whole document, capture phase. */
export function idle(node: HTMLElement, options: IdleOptions) {
  const timer = new IdleTimer(options);
  const doc = node.ownerDocument;
  const onActivity = (): void => timer.activity();
  for (const type of ACTIVITY_EVENTS) doc.addEventListener(type, onActivity, { capture: true, passive: true });
  return {
    update(next: IdleOptions) {
      timer.update(next);
    },
    destroy() {
      timer.stop();
      for (const type of ACTIVITY_EVENTS) doc.removeEventListener(type, onActivity, { capture: true });
    },
  };
}
