// Sends the queue when there is a network: each change's photos first (POST /api/evidence), then
// the change with their ids (POST /api/field/changes), every request with the change's or the
// photo's own Idempotency-Key, so a resend after a lost answer stores nothing twice. A change
// leaves "waiting" only on the server's answer: applied -> sent, 202 -> conflict, a refusal ->
// refused (kept, with the reason, for a retry). A lost network stops the run; the rest waits.
import { headers, problemLines, problemOf } from '../api';
import { t } from '../i18n';
import { currentPackage, putChange, queue, savePackage } from './db';
import type { Schemas } from '../schemas';
import type { ChangeAnswer, PackageHousehold, QueuedChange } from './types';

class Offline extends Error {}
class Unauthorized extends Error {}

export interface SyncResult { sent: number; conflicts: number; waiting: number; refused: number; offline: boolean; unauthorized: boolean }

const listeners: Array<() => void> = [];
/** Called whenever the queue changed (a state, a photo sent): the views redraw. */
export function onQueueChange(f: () => void): void { listeners.push(f); }
export function queueChanged(): void { listeners.forEach((f) => f()); }

async function post(url: string, body: BodyInit, key: string, contentType?: string): Promise<Response> {
  let r: Response;
  try {
    r = await fetch(url, { method: 'POST', body, headers: headers({ 'Idempotency-Key': key, ...(contentType ? { 'Content-Type': contentType } : {}) }) });
  } catch (e) {
    throw new Offline(String(e));
  }
  if (r.status === 401) throw new Unauthorized();
  // The service or a proxy failing, or told to wait: try again later, nothing is given up.
  if (r.status >= 500 || r.status === 408 || r.status === 429) throw new Offline(`HTTP ${r.status}`);
  return r;
}

async function refuse(c: QueuedChange, r: Response): Promise<void> {
  c.state = 'refused';
  c.error = problemLines(await problemOf(r)).join('; ');
  await putChange(c);
}

/** The server's answer moves the household in the package to the version it now has. */
async function follow(c: QueuedChange, answer: ChangeAnswer): Promise<void> {
  const pkg = await currentPackage();
  const h = pkg?.households.find((x) => x.code === c.body.household_code);
  if (!pkg || !h) return;
  h.version = answer.version;
  // A conflict's server member is what the server holds (its milestones for a step).
  const server = 'server' in answer ? (answer.server as { milestones?: Record<string, string | null> } | null) : null;
  // Steps not yet reached are null on the wire (the document's map type cannot say so).
  if (server?.milestones) h.milestones = { ...h.milestones, ...server.milestones } as PackageHousehold['milestones'];
  else if (answer.status === 'applied' && c.body.kind === 'milestone') h.milestones[c.body.step] = c.body.date;
  await savePackage(pkg);
}

async function sendOne(c: QueuedChange): Promise<void> {
  for (const p of c.photos) {
    if (p.evidence_id !== null) continue;
    const form = new FormData();
    form.append('photo', p.blob, p.name);
    form.append('metadata', JSON.stringify(p.metadata));
    const r = await post('/api/evidence', form, p.key);
    if (r.status !== 201) return refuse(c, r);
    p.evidence_id = ((await r.json()) as Schemas['EvidenceDocument']).id;
    await putChange(c);
    queueChanged();
  }
  const body = { ...c.body, evidence_ids: c.photos.map((p) => p.evidence_id) };
  const r = await post('/api/field/changes', JSON.stringify(body), c.key, 'application/json');
  if (r.status !== 201 && r.status !== 202) return refuse(c, r);
  const answer = (await r.json()) as ChangeAnswer;
  c.answer = answer;
  c.state = answer.status === 'conflict' ? 'conflict' : 'sent';
  c.error = null;
  await putChange(c);
  await follow(c, answer);
}

async function run(): Promise<SyncResult> {
  const result: SyncResult = { sent: 0, conflicts: 0, waiting: 0, refused: 0, offline: false, unauthorized: false };
  for (const c of await queue()) {
    if (c.state !== 'waiting' || result.offline || result.unauthorized) continue;
    c.tries += 1;
    try {
      await sendOne(c);
    } catch (e) {
      if (e instanceof Offline) { result.offline = true; c.error = e.message; await putChange(c); }
      else if (e instanceof Unauthorized) { result.unauthorized = true; c.error = t('field_sign_in_again'); await putChange(c); }
      else throw e;
    }
    queueChanged();
  }
  for (const c of await queue()) {
    if (c.state === 'sent') result.sent++;
    else if (c.state === 'conflict') result.conflicts++;
    else if (c.state === 'refused') result.refused++;
    else result.waiting++;
  }
  return result;
}

let running: Promise<SyncResult> | null = null;

/** One run at a time: a second call while sending joins the first. */
export function sync(): Promise<SyncResult> {
  running ??= run().finally(() => { running = null; queueChanged(); });
  return running;
}

/** A refused change goes back to waiting (e.g. after the package or the token was put right). */
export async function retry(c: QueuedChange): Promise<void> {
  c.state = 'waiting';
  c.error = null;
  await putChange(c);
  queueChanged();
}
