// Screens are addressed by the URL hash (#/, #/new, #/case/CD-…/expenses, #/coverage), so the
// browser's back button, a reload and the Electron window all land on the same screen — and
// on the same step of a case.
import { STEP_IDS, type StepId } from './steps.ts';

export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'import' }
  | { name: 'data'; number?: string }
  | { name: 'case'; number: string; step?: StepId }
  | { name: 'coverage' }
  | { name: 'notFound' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'list' };
  if (path === '/new') return { name: 'new' };
  if (path === '/import') return { name: 'import' };
  if (path === '/data') return { name: 'data' };
  const d = /^\/data\/audit\/([A-Za-z0-9-]{1,40})$/.exec(path);
  if (d) return { name: 'data', number: d[1]! };
  if (path === '/coverage') return { name: 'coverage' };
  const m = /^\/case\/([A-Za-z0-9-]{1,40})(?:\/([a-z]+))?$/.exec(path);
  if (m) {
    const step = m[2];
    if (step === undefined) return { name: 'case', number: m[1]! };
    if ((STEP_IDS as readonly string[]).includes(step)) return { name: 'case', number: m[1]!, step: step as StepId };
  }
  return { name: 'notFound' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'list': return '#/';
    case 'new': return '#/new';
    case 'import': return '#/import';
    case 'data': return route.number ? `#/data/audit/${encodeURIComponent(route.number)}` : '#/data';
    case 'coverage': return '#/coverage';
    case 'case': return `#/case/${encodeURIComponent(route.number)}${route.step ? `/${route.step}` : ''}`;
    case 'notFound': return '#/';
  }
}

const state = $state<{ route: Route }>({ route: parseHash(window.location.hash) });

window.addEventListener('hashchange', () => {
  state.route = parseHash(window.location.hash);
});

export const router = {
  get route(): Route {
    return state.route;
  },
};

/** Go to a screen; `replace` swaps the current history entry (a step resumed, not visited). */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (window.location.hash === href) {
    state.route = parseHash(href);
  } else if (options.replace) {
    window.history.replaceState(window.history.state, '', href);
    state.route = parseHash(href);
  } else {
    window.location.hash = href;
  }
}
