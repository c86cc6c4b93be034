// The interface in Simplified Chinese and English: follows the browser's language until the
// user switches, then remembers the choice (localStorage). Numbers and dates go through Intl.
import { fieldEn, fieldZh } from './field/messages';

import { workspaceEn, workspaceZh } from './messages/workspace';

export type Lang = 'zh' | 'en';
const KEY = 'rp.lang';

const zh = {
  ...workspaceZh,
  app_title: '易地扶贫搬迁规划',
  layers: '图层',
  details: '详情',
  edit: '编辑',
  dashboards: '统计',
  language: 'English',
  sign_in: '登录编辑',
  sign_out: '退出',
  token_prompt: '请输入访问令牌 (Bearer token)：',
  read_only: '只读',
  draw_centralized: '画集中安置点',
  draw_separate: '画分散安置户',
  draw_road: '画道路',
  draw_well: '画水井',
  draw_power_line: '画电力线路',
  modify: '选择修改',
  cancel: '取消',
  save: '保存',
  delete: '删除',
  confirm_delete: '确定删除？',
  saved: '已保存',
  deleted: '已删除',
  nothing_selected: '在地图上点击一个要素查看详情。',
  code: '编码',
  name: '名称',
  name_en: '英文名',
  level: '级别',
  site_type: '安置方式',
  separate_kind: '分散安置类型',
  capacity_households: '容纳户数',
  unit_code: '行政区划编码',
  population: '人口',
  town_level: '城镇级别',
  centralized: '集中安置',
  separate: '分散安置',
  self_built: '自建房',
  purchased: '城镇购房',
  none: '—',
  road_class: '道路等级',
  surface: '路面',
  status: '状态',
  well_type: '水井类型',
  voltage_kv: '电压 (kV)',
  planned_on: '计划日期',
  started_on: '开工日期',
  completed_on: '竣工日期',
  planned: '规划',
  under_construction: '在建',
  completed: '建成',
  conflict: '此要素已被他人修改（版本冲突），未保存。您的修改仍保留在表单和地图上：可载入最新版本后重新修改，或再次保存以覆盖。',
  reload_latest: '载入最新版本',
  overwrite: '以我的修改覆盖',
  save_failed: '未保存：',
  score: '评分',
  score_breakdown: '评分明细',
  scoring_unavailable: '评分服务暂不可用。',
  excluded: '已排除',
  criterion: '指标',
  distance: '距离',
  weight: '权重',
  road: '道路',
  water: '水源',
  power: '电力',
  town: '城镇',
  compare: '加入对比',
  compare_title: '安置点对比',
  clear: '清除',
  infra_by_unit: '基础设施（按旗县、状态）',
  settled_rates: '搬迁入住率（按旗县）',
  subsidies: '补助资金：应发与已发',
  report_missing: '该报表接口尚未提供。',
  report_failed: '报表加载失败：',
  road_km: '道路 (km)',
  power_line_km: '电网 (km)',
  wells: '水井 (眼)',
  moved_in_rate: '实际入住率',
  deemed_settled_rate: '领钥匙视同入住率',
  entitled_total: '应发',
  disbursed_total: '已发',
  outstanding_total: '未发',
  households: '户数',
  people: '人数',
  unit: '单位',
  job_running: '任务进行中',
  job_done: '任务完成',
  job_failed: '任务失败',
  loading: '加载中…',
  map_failed: '地图定义加载失败：',
  edit_hint_polygon: '单击添加顶点，双击结束。会吸附到道路和边界。',
  edit_hint_point: '单击放置位置。',
  edit_hint_line: '单击添加节点，双击结束。',
  edit_hint_modify: '拖动顶点修改，Alt+单击删除顶点；拖动要素移动。',
  select_to_edit: '在地图上单击一个要素以编辑。',
  new_feature: '新要素',
  version: '版本',
  edit_needs_token: '编辑需要登录。',
  signed_in_as: '已登录：{name}（{role}）',
  may_edit: '可编辑：{what}',
  may_edit_nothing: '此角色不能编辑地图要素。',
  token_invalid: '令牌未被接受：',
  forbidden_edit: '您的角色（{role}）无权编辑{what}。',
  forbidden_action: '您的角色（{role}）无权执行此操作。',
  unauthorized_keep: '需要重新登录（令牌无效、已过期或已撤销）。您的修改仍保留：请在上方重新登录后再保存。',
  viewer: '查看者',
  planner: '规划人员',
  engineer: '工程人员',
  relocation_officer: '搬迁专员',
  admin: '管理员',
  rescore_all: '重新评分全部安置点',
  job_dashboard: '后台任务面板',
  rescore_done: '已评分 {n} 个安置点',
  close: '关闭',
  analysis: '分析',
  suitability_surface: '适宜性评价面',
  surface_status: '网格 {cell} · {n} 个单元',
  surface_outside: '当前视图不在中国范围内。',
  surface_failed: '评价面加载失败：',
  surface_excluded: '排除区',
  score_class: '评分 {a}–{b}',
  no_rows: '暂无数据。',
  nearest_lines_hint: '地图上已画出到最近道路、水井、电力线路和城镇的连线。',
  // The programme: a site's construction project, the compliance report.
  construction_project: '建设项目',
  no_plan: '尚无建设计划。',
  project_failed: '建设项目加载失败：',
  houses: '住房',
  houses_count: '{n} 套',
  floor_area: '建筑面积',
  budget: '投资预算',
  spent: '已支出',
  spent_rate: '支出进度',
  over_budget: '超预算',
  funding_source: '资金来源',
  expense_category: '支出类别',
  milestones: '进度节点',
  approved: '批复',
  construction_started: '开工',
  infrastructure_completed: '基础设施完工',
  houses_completed: '住房竣工',
  handed_over: '交付',
  assigned: '已分配',
  keys_claimed: '已领钥匙',
  moved_in: '已入住',
  own_infrastructure: '配套基础设施（建成）',
  expense_housing: '住房',
  expense_water: '供水',
  expense_power: '供电',
  expense_roads: '道路',
  expense_public_facilities: '公共服务设施',
  expense_industry: '产业',
  expense_other: '其他',
  compliance: '政策合规（按旗县）',
  covered: '政策覆盖',
  area_over_limit: '面积超标',
  self_paid_over_limit: '自筹超标',
  demolition_overdue: '逾期未拆旧',
  employment_rate: '就业率',
  demolition_rate: '拆旧率',
  area_m2_per_person: '人均面积 (m²)',
  ...fieldZh,
} as const;

export type MsgKey = keyof typeof zh;

const en: Record<MsgKey, string> = {
  ...workspaceEn,
  app_title: 'Relocation planner',
  layers: 'Layers',
  details: 'Details',
  edit: 'Edit',
  dashboards: 'Dashboards',
  language: '中文',
  sign_in: 'Sign in to edit',
  sign_out: 'Sign out',
  token_prompt: 'Access token (Bearer):',
  read_only: 'read-only',
  draw_centralized: 'Draw centralized site',
  draw_separate: 'Draw separate site',
  draw_road: 'Draw road',
  draw_well: 'Draw well',
  draw_power_line: 'Draw power line',
  modify: 'Select & modify',
  cancel: 'Cancel',
  save: 'Save',
  delete: 'Delete',
  confirm_delete: 'Delete this feature?',
  saved: 'Saved',
  deleted: 'Deleted',
  nothing_selected: 'Click a feature on the map to see its details.',
  code: 'Code',
  name: 'Name',
  name_en: 'English name',
  level: 'Level',
  site_type: 'Site type',
  separate_kind: 'Separate kind',
  capacity_households: 'Capacity (households)',
  unit_code: 'Unit code',
  population: 'Population',
  town_level: 'Town level',
  centralized: 'centralized',
  separate: 'separate',
  self_built: 'self-built',
  purchased: 'bought in town',
  none: '—',
  road_class: 'Road class',
  surface: 'Surface',
  status: 'Status',
  well_type: 'Well type',
  voltage_kv: 'Voltage (kV)',
  planned_on: 'Planned on',
  started_on: 'Started on',
  completed_on: 'Completed on',
  planned: 'planned',
  under_construction: 'under construction',
  completed: 'completed',
  conflict: 'Someone else changed this feature (version conflict); nothing was saved. Your edit is kept in the form and on the map: load the latest version and redo it, or save again to overwrite.',
  reload_latest: 'Load latest version',
  overwrite: 'Overwrite with my edit',
  save_failed: 'Not saved: ',
  score: 'Score',
  score_breakdown: 'Score breakdown',
  scoring_unavailable: 'Scoring not available.',
  excluded: 'excluded',
  criterion: 'Criterion',
  distance: 'Distance',
  weight: 'Weight',
  road: 'road',
  water: 'water',
  power: 'power',
  town: 'town',
  compare: 'Add to comparison',
  compare_title: 'Compare sites',
  clear: 'Clear',
  infra_by_unit: 'Infrastructure by county and status',
  settled_rates: 'Settled rates by county',
  subsidies: 'Subsidies: entitled vs paid',
  report_missing: 'This report is not available on this server yet.',
  report_failed: 'Report failed to load: ',
  road_km: 'Roads (km)',
  power_line_km: 'Power lines (km)',
  wells: 'Wells',
  moved_in_rate: 'Moved-in rate',
  deemed_settled_rate: 'Deemed settled (keys)',
  entitled_total: 'Entitled',
  disbursed_total: 'Paid',
  outstanding_total: 'Outstanding',
  households: 'Households',
  people: 'People',
  unit: 'Unit',
  job_running: 'Job running',
  job_done: 'Job finished',
  job_failed: 'Job failed',
  loading: 'Loading…',
  map_failed: 'The map definition failed to load: ',
  edit_hint_polygon: 'Click to add vertices, double-click to finish. Snaps to roads and boundaries.',
  edit_hint_point: 'Click to place.',
  edit_hint_line: 'Click to add vertices, double-click to finish.',
  edit_hint_modify: 'Drag vertices to change them, Alt+click removes one; drag the feature to move it.',
  select_to_edit: 'Click a feature on the map to edit it.',
  new_feature: 'New feature',
  version: 'Version',
  edit_needs_token: 'Editing needs a sign-in.',
  signed_in_as: 'Signed in as {name} ({role})',
  may_edit: 'May edit: {what}',
  may_edit_nothing: 'This role may not edit map features.',
  token_invalid: 'The token was not accepted: ',
  forbidden_edit: 'Your role ({role}) may not edit {what}.',
  forbidden_action: 'Your role ({role}) may not do this.',
  unauthorized_keep: 'Sign-in needed again (the token is invalid, expired or revoked). Your edit is kept: sign in above, then save again.',
  viewer: 'viewer',
  planner: 'planner',
  engineer: 'engineer',
  relocation_officer: 'relocation officer',
  admin: 'admin',
  rescore_all: 'Rescore all sites',
  job_dashboard: 'Job dashboard',
  rescore_done: '{n} sites scored',
  close: 'Close',
  analysis: 'Analysis',
  suitability_surface: 'Suitability surface',
  surface_status: 'Cells of {cell} · {n} cells',
  surface_outside: 'The view is outside China.',
  surface_failed: 'The surface failed to load: ',
  surface_excluded: 'Excluded',
  score_class: 'Score {a}–{b}',
  no_rows: 'No data yet.',
  nearest_lines_hint: 'The lines to the nearest road, well, power line and town are drawn on the map.',
  // The programme: a site's construction project, the compliance report.
  construction_project: 'Construction project',
  no_plan: 'No construction plan yet.',
  project_failed: 'The project failed to load: ',
  houses: 'Houses',
  houses_count: '{n} houses',
  floor_area: 'Floor area',
  budget: 'Budget',
  spent: 'Spent',
  spent_rate: 'Spent of budget',
  over_budget: 'over budget',
  funding_source: 'Funding source',
  expense_category: 'Category',
  milestones: 'Milestones',
  approved: 'Approved',
  construction_started: 'Construction started',
  infrastructure_completed: 'Infrastructure completed',
  houses_completed: 'Houses completed',
  handed_over: 'Handed over',
  assigned: 'Assigned',
  keys_claimed: 'Keys claimed',
  moved_in: 'Moved in',
  own_infrastructure: 'Own infrastructure (completed)',
  expense_housing: 'Housing',
  expense_water: 'Water supply',
  expense_power: 'Power supply',
  expense_roads: 'Roads',
  expense_public_facilities: 'Public facilities',
  expense_industry: 'Industry',
  expense_other: 'Other',
  compliance: 'Compliance with the plan by county',
  covered: 'Covered',
  area_over_limit: 'Area over limit',
  self_paid_over_limit: 'Own payment over limit',
  demolition_overdue: 'Demolition overdue',
  employment_rate: 'Employment rate',
  demolition_rate: 'Demolition rate',
  area_m2_per_person: 'm² per person',
  ...fieldEn,
};

function initial(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return (navigator.language || 'zh').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let current: Lang = initial();
const listeners: Array<() => void> = [];

export const lang = (): Lang => current;
export const locale = (): string => (current === 'zh' ? 'zh-CN' : 'en-GB');

export function t(key: MsgKey): string {
  return current === 'zh' ? zh[key] : en[key];
}

/** A message with {placeholders} filled in. */
export function tf(key: MsgKey, vars: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A word of the data (status, class, field name...) translated when known, else shown as stored. */
export function term(value: unknown): string {
  if (value === null || value === undefined || value === '') return t('none');
  const s = String(value);
  return Object.prototype.hasOwnProperty.call(zh, s) ? t(s as MsgKey) : s;
}

/** Picks the text of a {zh, en} pair. */
export function pick(text: { zh: string; en: string }): string {
  return current === 'zh' ? text.zh : text.en;
}

export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((f) => f());
}

export function onLangChange(f: () => void): void {
  listeners.push(f);
}

export function fmtNumber(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || Number.isNaN(v)) return t('none');
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(v);
}

/** Kilometres with exactly one decimal (report figures). */
export function fmtKm(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return t('none');
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);
}

export function fmtPercent(v: number | null | undefined): string {
  if (v === null || v === undefined) return t('none');
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(v);
}

export function fmtMoney(v: number | null | undefined): string {
  if (v === null || v === undefined) return t('none');
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
}

export function fmtDate(v: string | null | undefined): string {
  if (!v) return t('none');
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

/** Distance in metres, shown in m or km. */
export function fmtDistance(m: number | null | undefined): string {
  if (m === null || m === undefined) return t('none');
  return m < 1000 ? `${fmtNumber(m)} m` : `${fmtNumber(m / 1000, 2)} km`;
}
