// The kiosk's idle timer (renderer/src/lib/idle.ts, the class behind use:idle) with a fake
// clock: countdown, idle, activity resets, the throttled report to the core, disabled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdleTimer, type Clock, type IdleOptions } from '../../renderer/src/lib/idle.ts';

function fakeClock() {
  let now = 0;
  let fn: (() => void) | null = null;
  const clock: Clock = { now: () => now, setInterval: (f) => { fn = f; return 1; }, clearInterval: () => { fn = null; } };
  return {
    clock,
    /** Advance in 250 ms ticks, as the real interval would. */
    advance(ms: number) { for (let t = 0; t < ms; t += 250) { now += 250; fn?.(); } },
    running: () => fn !== null,
  };
}

function recorder(extra: Partial<IdleOptions> = {}) {
  const log: string[] = [];
  const options: IdleOptions = {
    seconds: 10, warningSeconds: 3, onWarn: (n) => log.push(`warn ${n}`), onActive: () => log.push('active'), onIdle: () => log.push('idle'),
    ...extra,
  };
  return { log, options };
}

const unique = (log: string[]) => log.filter((x, i) => x !== log[i - 1]);

test('no activity: silent until the last 3 s, counted down, then idle once', () => {
  const c = fakeClock();
  const { log, options } = recorder();
  new IdleTimer(options, c.clock);
  c.advance(6_750);
  assert.deepEqual(log, []);
  c.advance(5_000);
  assert.deepEqual(unique(log), ['warn 3', 'warn 2', 'warn 1', 'idle']);
  c.advance(5_000);
  assert.equal(log.filter((x) => x === 'idle').length, 1);
});

test('activity during the countdown: onActive, and the full time starts again', () => {
  const c = fakeClock();
  const { log, options } = recorder();
  const timer = new IdleTimer(options, c.clock);
  c.advance(8_000);
  assert.ok(log.includes('warn 2'));
  timer.activity();
  assert.equal(log.at(-1), 'active');
  log.length = 0;
  c.advance(6_750);
  assert.deepEqual(log, []);
  assert.ok(timer.remaining() > 3);
});

test('the core hears of activity at most once every touchEvery seconds', () => {
  const c = fakeClock();
  let touched = 0;
  const { options } = recorder({ onActivity: () => { touched++; }, touchEvery: 20, seconds: 120, warningSeconds: 30 });
  const timer = new IdleTimer(options, c.clock);
  for (let i = 0; i < 10; i++) { timer.activity(); c.advance(1_000); }
  assert.equal(touched, 1);
  c.advance(15_000);
  timer.activity();
  assert.equal(touched, 2);
});

test('disabled (the start screen): no timer runs; enabling starts the full time', () => {
  const c = fakeClock();
  const { log, options } = recorder({ enabled: false });
  const timer = new IdleTimer(options, c.clock);
  assert.equal(c.running(), false);
  c.advance(60_000);
  assert.deepEqual(log, []);
  timer.update({ ...options, enabled: true });
  assert.equal(c.running(), true);
  assert.equal(timer.remaining(), 10);
  timer.stop();
  assert.equal(c.running(), false);
});
