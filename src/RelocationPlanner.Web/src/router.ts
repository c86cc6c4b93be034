// Hash routes, so a link can be shared and the browser's back button works:
// #/map (the default), #/households, #/households/{code}, #/import, #/sites/{code}, #/reports.
export type Route =
  | { name: 'map' }
  | { name: 'households'; query: URLSearchParams }
  | { name: 'household'; code: string }
  | { name: 'import' }
  | { name: 'site'; code: string }
  | { name: 'reports'; query: URLSearchParams };

export function parseRoute(hash: string): Route {
  const [path, qs] = hash.replace(/^#/, '').split('?', 2) as [string, string | undefined];
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const query = new URLSearchParams(qs ?? '');
  if (parts[0] === 'households' && parts[1]) return { name: 'household', code: parts[1] };
  if (parts[0] === 'households') return { name: 'households', query };
  if (parts[0] === 'import') return { name: 'import' };
  if (parts[0] === 'sites' && parts[1]) return { name: 'site', code: parts[1] };
  if (parts[0] === 'reports') return { name: 'reports', query };
  return { name: 'map' };
}

export const current = (): Route => parseRoute(location.hash);

/** The link to a route: '#/households/DAL0001'. */
export function href(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}

export function go(hash: string, replace = false): void {
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function onRoute(f: (r: Route) => void): void {
  window.addEventListener('hashchange', () => f(current()));
}
