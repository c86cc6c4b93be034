// A tiny element builder: the panels are plain DOM, no framework.
export function el(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string | null | undefined>): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

export function button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label) as HTMLButtonElement;
  b.addEventListener('click', onClick);
  return b;
}

let toastTimer = 0;
/** A short message at the bottom of the screen. */
export function toast(text: string, kind: 'info' | 'error' = 'info'): void {
  const host = document.getElementById('toast');
  if (!host) return;
  host.textContent = text;
  host.className = `show ${kind}`;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => { host.className = ''; }, 4000);
}
