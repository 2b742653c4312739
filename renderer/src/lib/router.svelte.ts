// Screens are addressed by the URL hash (#/, #/new, #/case/CD-…), so the browser's back
// button, a reload and the Electron window all land on the same screen.
export type Route =
  | { name: 'list' }
  | { name: 'new' }
  | { name: 'case'; number: string }
  | { name: 'notFound' };

export function parseHash(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/') return { name: 'list' };
  if (path === '/new') return { name: 'new' };
  const m = /^\/case\/([A-Za-z0-9-]{1,40})$/.exec(path);
  if (m) return { name: 'case', number: m[1]! };
  return { name: 'notFound' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'list': return '#/';
    case 'new': return '#/new';
    case 'case': return `#/case/${encodeURIComponent(route.number)}`;
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

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash === href) state.route = parseHash(href);
  else window.location.hash = href;
}
