// The field app at /field/: one screen at a time on a phone, Chinese first. The session and the
// work package come from the device's store, so it opens and works with no network; the service
// worker (field-sw.ts) serves the app itself offline.
import 'ol/ol.css';
import './field.css';
import { token } from '../api';
import { lang, onLangChange, setLang, t, term } from '../i18n';
import { button, el } from '../panels/dom';
import { currentPackage, getMeta, queue } from './db';
import { watchPosition } from './device';
import { householdScreen } from './screens/household';
import { householdsScreen } from './screens/households';
import { mapScreen } from './screens/map';
import { packageScreen } from './screens/package';
import { queueScreen } from './screens/queue';
import type { Me } from '../auth';
import { signInScreen } from './screens/signin';
import { onQueueChange, sync } from './sync';
import { go, setNavigator, type Screen } from './ui';

declare global {
  interface Window { rpField?: { sync: typeof sync; screen: () => Screen } }
}

let current: Screen = { name: 'households' };
let me: Me | null = null;

async function bar(): Promise<void> {
  const waiting = (await queue()).filter((c) => c.state === 'waiting').length;
  const online = navigator.onLine;
  document.getElementById('bar')!.replaceChildren(
    el('h1', {}, t('field_title')),
    el('span', { class: `net ${online ? 'on' : 'off'}`, 'data-testid': 'net' }, online ? t('field_online') : t('field_offline')),
    me ? el('span', { class: 'who' }, `${me.name} · ${term(me.role)}`) : '',
    button(t('language'), () => setLang(lang() === 'zh' ? 'en' : 'zh'), { 'data-testid': 'lang', class: 'lang' }),
  );
  const tabs: Array<[Screen['name'], string]> = [['households', t('field_tab_households')], ['map', t('field_tab_map')],
    ['queue', waiting ? `${t('field_tab_queue')} (${waiting})` : t('field_tab_queue')], ['package', t('field_tab_package')]];
  document.getElementById('nav')!.replaceChildren(...(me ? tabs.map(([name, label]) =>
    button(label, () => go({ name } as Screen), { 'data-nav': name, class: current.name === name ? 'active' : '' })) : []));
}

async function render(): Promise<void> {
  const host = document.getElementById('screen')!;
  let body: HTMLElement;
  if (!me) body = signInScreen(async (m) => { me = m; go({ name: 'package' }); });
  else {
    const pkg = await currentPackage();
    if (!pkg && current.name !== 'queue') current = { name: 'package' };
    switch (current.name) {
      case 'package': body = await packageScreen(pkg, me); break;
      case 'households': body = await householdsScreen(pkg!); break;
      case 'map': body = await mapScreen(pkg!); break;
      case 'queue': body = await queueScreen(); break;
      case 'household': body = await householdScreen(pkg!, current.code); break;
      default: body = el('div');
    }
  }
  host.replaceChildren(body);
  await bar();
  document.body.dataset.screen = me ? current.name : 'signin';
}

let rendering = Promise.resolve();
/** Redraws in order: a redraw asked for while one runs waits for it. */
function redraw(): void {
  rendering = rendering.then(render).catch((e) => console.error(e));
}

async function start(): Promise<void> {
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  // The token is kept on the device (the map client keeps it for the tab only): the officer
  // opens the app in the field without a network to sign in with.
  const saved = await getMeta<string>('token');
  me = await getMeta<Me>('me');
  if (saved && me) token.set(saved); else me = null;
  setNavigator((s) => { current = s; redraw(); window.scrollTo(0, 0); });
  watchPosition();
  onLangChange(redraw);
  onQueueChange(() => { if (current.name === 'queue' || current.name === 'household') redraw(); else void bar(); });
  const netChanged = () => { void bar(); if (navigator.onLine && me) void sync(); };
  window.addEventListener('online', netChanged);
  window.addEventListener('offline', netChanged);
  window.rpField = { sync, screen: () => current };
  await render();
  document.body.dataset.ready = '1';
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/field-sw.js', { scope: '/field/' })
      .then(() => navigator.serviceWorker.ready)
      .then(() => { document.body.dataset.sw = '1'; })
      .catch((e) => console.warn('service worker', e));
  }
  if (navigator.onLine && me) void sync();
}

void start();
