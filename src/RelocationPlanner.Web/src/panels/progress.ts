// A progress bar for long work (imports, rescoring): polls GET /api/jobs/{id} until it ends.
import { getJson } from '../api';
import { fmtPercent, t } from '../i18n';
import { el } from './dom';

export interface Job { id: string; status: string; progress: number; result?: unknown; errors?: Array<{ message?: string } | string> }

const finished = new Set(['completed', 'succeeded', 'done', 'failed', 'cancelled', 'canceled']);

/** Shows a job's progress in the host until it finishes; resolves with the final job. */
export async function trackJob(host: HTMLElement, id: string, intervalMs = 500): Promise<Job> {
  const bar = el('progress', { max: '1', value: '0' }) as HTMLProgressElement;
  const label = el('span', {}, t('job_running'));
  const box = el('div', { class: 'job', 'data-job': id }, label, bar);
  host.append(box);
  for (;;) {
    const job = (await getJson<Job>(`/api/jobs/${encodeURIComponent(id)}`)).body;
    bar.value = Math.max(0, Math.min(1, job.progress ?? 0));
    label.textContent = `${t('job_running')} ${fmtPercent(bar.value)}`;
    if (finished.has(job.status)) {
      const failed = job.status === 'failed' || (job.errors?.length ?? 0) > 0;
      box.classList.add(failed ? 'failed' : 'done');
      label.textContent = failed
        ? `${t('job_failed')}: ${(job.errors ?? []).map((e) => (typeof e === 'string' ? e : e.message ?? '')).join('; ')}`
        : t('job_done');
      if (!failed) bar.value = 1;
      setTimeout(() => box.remove(), 8000);
      return job;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
