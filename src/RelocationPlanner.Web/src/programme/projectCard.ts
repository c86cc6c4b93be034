// A site's construction project in the details panel: the plan (houses, floor area, budget), its
// milestones, budget against spending per funding source (over budget flagged; the panel is too
// narrow for a remaining column, the flag says what matters) and spending per category,
// the households against capacity, and the site's own completed infrastructure. One read of
// GET /api/sites/{code}/project (Api/Programme/SiteProjectsApi.cs).
import { ApiError, getOptional } from '../api';
import { fmtDate, fmtKm, fmtMoney, fmtNumber, fmtPercent, t, term, tf } from '../i18n';
import { el } from '../panels/dom';
import type { Schemas } from '../schemas';

/** GET /api/sites/{code}/project (SiteProject); the service fills infrastructure with the site's SiteServing figures. */
type Project = Omit<Schemas['SiteProject'], 'infrastructure'> & { infrastructure?: Schemas['SiteServing'] | null };

function row(label: string, value: string, attrs: Record<string, string> = {}): HTMLElement {
  return el('tr', attrs, el('th', {}, label), el('td', { class: 'num' }, value));
}

function render(box: HTMLElement, p: Project): void {
  box.replaceChildren(el('h3', {}, t('construction_project')));
  if (p.plan) {
    box.append(el('table', { class: 'project-plan' },
      row(t('houses'), tf('houses_count', { n: fmtNumber(p.plan.houses_planned) })),
      row(t('floor_area'), `${fmtNumber(p.plan.floor_area_m2, 2)} m²`, { 'data-testid': 'project-floor-area' }),
      row(t('budget'), fmtMoney(p.budget.budget_total), { 'data-testid': 'project-budget' }),
      row(t('spent'), fmtMoney(p.budget.spent_total)),
      row(t('spent_rate'), fmtPercent(p.budget.spent_rate))));
  } else {
    box.append(el('p', { class: 'muted', 'data-testid': 'project-no-plan' }, t('no_plan')));
  }
  if (p.milestones.length) {
    box.append(el('h4', {}, t('milestones')), el('ol', { class: 'project-milestones', 'data-testid': 'project-milestones' },
      ...p.milestones.map((m) => el('li', { 'data-milestone': m.milestone }, `${term(m.milestone)} · ${fmtDate(m.date)}`))));
  }
  if (p.budget.by_source.length) {
    const sources = el('table', { class: 'project-sources' },
      el('tr', {}, el('th', {}, t('funding_source')), el('th', { class: 'num' }, t('budget')), el('th', { class: 'num' }, t('spent'))));
    for (const s of p.budget.by_source) {
      sources.append(el('tr', { 'data-source': s.funding_source, 'data-over': s.over_budget ? '1' : '0', class: s.over_budget ? 'over-budget' : '' },
        el('td', {}, s.funding_source, s.over_budget ? el('span', { class: 'flag' }, ` ${t('over_budget')}`) : null),
        el('td', { class: 'num' }, fmtMoney(s.budget)), el('td', { class: 'num' }, fmtMoney(s.spent))));
    }
    box.append(sources);
  }
  if (p.budget.by_category.length) {
    box.append(el('table', { class: 'project-categories' },
      el('tr', {}, el('th', {}, t('expense_category')), el('th', { class: 'num' }, t('spent'))),
      ...p.budget.by_category.map((c) => row(term(`expense_${c.category}`), fmtMoney(c.spent)))));
  }
  const h = p.households;
  box.append(el('h4', {}, t('households')), el('table', { 'data-testid': 'project-households' },
    row(t('capacity_households'), fmtNumber(h.capacity)), row(t('assigned'), fmtNumber(h.assigned)),
    row(t('keys_claimed'), fmtNumber(h.keys_claimed)), row(t('moved_in'), fmtNumber(h.moved_in))));
  if (p.infrastructure) {
    const i = p.infrastructure;
    box.append(el('h4', {}, t('own_infrastructure')), el('table', { 'data-testid': 'project-infrastructure' },
      row(t('wells'), fmtNumber(i.wells.completed_count)), row(t('road_km'), fmtKm(i.roads.completed_km)), row(t('power_line_km'), fmtKm(i.power_lines.completed_km))));
  }
}

/** Fills <paramref name="box"/> with the project of site <paramref name="code"/>, and again when the language changes. */
export async function mountProjectCard(box: HTMLElement, code: string): Promise<void> {
  box.classList.add('project-card');
  let project: Project | null = null;
  try {
    const got = await getOptional<Project>(`/api/sites/${encodeURIComponent(code)}/project`);
    if (!got) { box.replaceChildren(); return; }
    project = got.body;
  } catch (e) {
    box.replaceChildren(el('p', { class: 'error' }, t('project_failed') + (e instanceof ApiError ? e.message : String(e))));
    return;
  }
  render(box, project);
  box.dataset.loaded = '1';
}
