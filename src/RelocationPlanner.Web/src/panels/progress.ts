// A progress bar for long work (imports, rescoring): polls GET /api/jobs/{id} (Api/Jobs/JobsApi.cs:
// status queued|running|succeeded|failed, progress 0..1, message, result, errors) until it ends.
import { getJson } from '../api';
import { fmtPercent, t, tf } from '../i18n';
import type { Schemas } from '../schemas';
import { button, el } from './dom';

/** A job as GET /api/jobs/{id} answers (JobView); result and errors are the job kind's own JSON. */
export type Job = Schemas['JobView'];

function outcome(job: Job): string {
  const n = (job.result as { site_count?: unknown } | null)?.site_count;
  return typeof n === 'number' ? `${t('job_done')}: ${tf('rescore_done', { n })}` : t('job_done');
}

/** Shows a job's progress in the host until it finishes; resolves with the final job. */
export async function trackJob(host: HTMLElement, id: string, intervalMs = 400): Promise<Job> {
  const bar = el('progress', { max: '1', value: '0', 'data-testid': 'job-progress' }) as HTMLProgressElement;
  const label = el('span', { 'data-testid': 'job-label' }, t('job_running'));
  const box = el('div', { class: 'job', 'data-job': id, 'data-status': 'queued' }, label, bar);
  host.append(box);
  for (;;) {
    const job = (await getJson<Job>(`/api/jobs/${encodeURIComponent(id)}`)).body;
    bar.value = Math.max(0, Math.min(1, job.progress ?? 0));
    box.dataset.status = job.status;
    label.textContent = `${t('job_running')} ${fmtPercent(bar.value)}${job.message ? ` · ${job.message}` : ''}`;
    if (job.status === 'succeeded' || job.status === 'failed') {
      const failed = job.status === 'failed';
      box.classList.add(failed ? 'failed' : 'done');
      if (!failed) bar.value = 1;
      label.textContent = failed
        ? `${t('job_failed')}: ${(Array.isArray(job.errors) ? (job.errors as Array<{ message?: string } | string>) : []).map((e) => (typeof e === 'string' ? e : e.message ?? '')).join('; ') || (job.message ?? '')}`
        : `${outcome(job)} (${fmtPercent(bar.value)})`;
      box.append(button(t('close'), () => box.remove(), { class: 'close' }));
      return job;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
