import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication } from '../../../helpers/sandbox-application';
import { scenarioCsv } from '../../../helpers/scenario-csv';

describe('a tenant that refuses the optimisations (proven-only)', () => {
  it('registers through the field-proven calls and says once in the activity log what it fell back from', async () => {
    const host = await startSandboxApplication({ sandbox: { fidelity: 'proven-only' } });
    try {
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] }, host.clock!.now() - 3_600_000)
        .text.split('\r\n')
        .slice(0, 4)
        .join('\r\n');
      const report = await host.call<ImportReport>('import:read', {
        fileName: 'three.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await host.call('import:queue', { importId: report.importId, groupTag: 'OD-FINANCE', register: true });
      await host.settled(
        () => host.application.board.length === 3 && host.application.board.every((d) => d.stage === 'ready'),
      );
      const notices = host.application.activity.list().filter((entry) => entry.action === 'Tenant notice');
      expect(notices.filter((entry) => /bulk import action/.test(entry.detail))).toHaveLength(1);
      expect(notices.every((entry) => entry.outcome === 'warning')).toBe(true);
      const doctor = await host.call<{ checks: { area: string; message: string }[] }>('tenant:test', {});
      expect(doctor.checks.find((check) => /bulk import action/.test(check.area))?.message).toMatch(
        /refused by this tenant; one POST per device is used instead/,
      );
    } finally {
      await host.close();
    }
  }, 60_000);
});
