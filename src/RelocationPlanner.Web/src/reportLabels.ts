// A report column's label on screen: the words of the XLSX and PDF downloads (the service's one
// catalogue, GET /api/reports/labels), so a table reads the same on screen and in the file made
// from it. Loaded once; a column the catalogue does not know keeps the screen's own term.
import { getJson } from './api';
import { pick, term } from './i18n';
import type { Schemas } from './schemas';

let words: Record<string, Schemas['Text']> = {};
let loading: Promise<void> | null = null;

/** Loads the catalogue (once; again after a failure). */
export function loadReportLabels(): Promise<void> {
  loading ??= getJson<Schemas['ReportLabels']>('/api/reports/labels')
    .then((r) => { words = r.body.columns; })
    .catch((e: unknown) => { loading = null; throw e; });
  return loading;
}

/** The column's label in the current language. */
export function columnLabel(column: string): string {
  const w = words[column];
  return w ? pick(w) : term(column);
}
