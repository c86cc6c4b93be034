// Drawing resettlement sites: a centralized site is a polygon (snapped to roads and unit
// boundaries), a separate (one-household) site is a point.
import { t } from '../i18n';
import type { EditSession } from './editSession';

export type SiteKind = 'centralized' | 'separate';

export function drawSite(editor: EditSession, kind: SiteKind): void {
  if (kind === 'centralized') {
    editor.startDraw('sites', 'Polygon', { site_type: 'centralized', separate_kind: null }, t('edit_hint_polygon'));
  } else {
    editor.startDraw('sites', 'Point', { site_type: 'separate', separate_kind: 'self_built', capacity_households: 1 }, t('edit_hint_point'));
  }
}
