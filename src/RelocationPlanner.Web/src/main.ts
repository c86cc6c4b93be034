// The client's shell: the header (title, the screens, who is signed in, the language), the hash
// routes, and the screen of the route: the map (./mapView.ts, built on its first visit and kept),
// or one of the officer's pages (./workspace/). A page is drawn again in a new language or when
// the signed-in user changes.
import './style.css';
import { lang, onLangChange, setLang, t, type MsgKey } from './i18n';
import { startMap, type MapView } from './mapView';
import { button, el } from './panels/dom';
import { current, href, onRoute, type Route } from './router';
import { householdPage } from './workspace/household';
import { householdsPage } from './workspace/households';
import { importPage } from './workspace/importCsv';
import { reportsPage } from './workspace/reports';
import { authControls } from './workspace/signInDialog';
import { sitePage } from './workspace/sitePage';

const nav: Array<[MsgKey, string, Route['name'][]]> = [
  ['nav_map', href('map'), ['map']],
  ['nav_households', href('households'), ['households', 'household', 'import']],
  ['nav_reports', href('reports'), ['reports']],
];

function topbar(host: HTMLElement): void {
  const route = current();
  host.replaceChildren(
    el('h1', {}, t('app_title')),
    el('nav', { class: 'screens' }, ...nav.map(([key, link, names]) =>
      el('a', { href: link, class: names.includes(route.name) ? 'active' : '', 'data-nav': names[0]! }, t(key)))),
    el('span', { class: 'spacer' }),
    authControls(),
    button(t('language'), () => setLang(lang() === 'zh' ? 'en' : 'zh'), { 'data-testid': 'lang', class: 'lang' }),
  );
}

let mapView: Promise<MapView | null> | null = null;
let drawn = 0;

async function show(route: Route): Promise<void> {
  const layout = document.getElementById('layout')!;
  const page = document.getElementById('page')!;
  topbar(document.getElementById('topbar')!);
  if (route.name === 'map') {
    page.hidden = true;
    layout.hidden = false;
    if (!mapView) mapView = startMap();
    else (await mapView)?.map.updateSize();
    return;
  }
  void mapView?.then((m) => m?.endEditing());
  layout.hidden = true;
  page.hidden = false;
  const mine = ++drawn;
  const host = el('div', { class: 'page-body', 'data-page': route.name, 'data-hash': location.hash });
  page.replaceChildren(host);
  try {
    switch (route.name) {
      case 'households': await householdsPage(host, route.query); break;
      case 'household': await householdPage(host, route.code); break;
      case 'import': importPage(host); break;
      case 'site': await sitePage(host, route.code); break;
      case 'reports': await reportsPage(host, route.query); break;
    }
  } catch (e) {
    host.append(el('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e)));
  }
  if (mine === drawn) { host.dataset.ready = '1'; document.body.dataset.ready = '1'; }
}

document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
onRoute((r) => void show(r));
onLangChange(() => void show(current()));
document.addEventListener('rp:auth', () => { const r = current(); if (r.name === 'map') topbar(document.getElementById('topbar')!); else void show(r); });
void show(current());
