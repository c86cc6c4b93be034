// Engineers draw roads, wells and power lines with the same editor and a simpler form.
import { t } from '../i18n';
import type { EditSession } from './editSession';

export type InfraKind = 'roads' | 'wells' | 'power_lines';

export function drawInfra(editor: EditSession, kind: InfraKind): void {
  if (kind === 'wells') editor.startDraw('wells', 'Point', { well_type: 'electromechanical', status: 'planned' }, t('edit_hint_point'));
  else if (kind === 'roads') editor.startDraw('roads', 'LineString', { road_class: 'village', status: 'planned' }, t('edit_hint_line'));
  else editor.startDraw('power_lines', 'LineString', { voltage_kv: 10, status: 'planned' }, t('edit_hint_line'));
}
