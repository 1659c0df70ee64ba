import { INTUNE_CSV_HEADER } from '../../shared/domain/csv/write';
import { fixtureHash } from '../fixtures/hashes';

/** What the board should end up showing for one serial of the scenario file. */
export type ScenarioOutcome = 'ready' | 'updated-ready' | '808' | '802' | 'not-assigned' | 'duplicate';

/** A CSV of twenty rows covering every path of the pipeline, and the expected outcome per serial. */
export interface ScenarioCsv {
  text: string;
  expected: Map<string, ScenarioOutcome>;
}

/** Serials the tenant must know: already registered here, and owned by another organisation. */
export interface ScenarioTenant {
  registeredSerials: readonly string[];
  otherTenantSerials: readonly string[];
}

const uuidOf = (n: number): string => `4C4C4544-00E2-0000-0000-${String(n).padStart(12, '0')}`;

/** Builds the scenario file: 12 fresh, 2 registered (updated, no 806), 2 808, one 802, one duplicate, 2 tagged OD-LAB. */
export function scenarioCsv(tenant: ScenarioTenant, capturedAtMs = Date.now() - 3_600_000): ScenarioCsv {
  const rows: string[] = [INTUNE_CSV_HEADER];
  const expected = new Map<string, ScenarioOutcome>();
  const add = (serial: string, n: number, outcome: ScenarioOutcome, tag = '', manufacturer = 'LENOVO'): void => {
    rows.push([serial, '', fixtureHash({ serial, uuid: uuidOf(n), manufacturer, capturedAtMs }), tag, ''].join(','));
    if (outcome !== 'duplicate') expected.set(serial, outcome);
  };
  for (let i = 1; i <= 12; i++) add(`E2EREADY${String(i).padStart(2, '0')}`, i, 'ready');
  tenant.registeredSerials.slice(0, 2).forEach((serial, i) => add(serial, 20 + i, 'updated-ready', 'OD-RETAIL'));
  tenant.otherTenantSerials.slice(0, 2).forEach((serial, i) => add(serial, 30 + i, '808'));
  add('E2ENOMAKE01', 40, '802', '', '');
  add('E2EREADY01', 1, 'duplicate');
  add('E2ELAB01', 50, 'not-assigned', 'OD-LAB');
  add('E2ELAB02', 51, 'not-assigned', 'OD-LAB');
  return { text: rows.join('\r\n') + '\r\n', expected };
}
