import { describe, expect, it } from 'vitest';
import { startHarness, uploads } from './harness';

describe('corporate identifiers (Windows Autopilot device preparation)', () => {
  it('adds new identifiers, counts held ones as added, refuses bad rows naming the field, and imports nothing twice', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const first = await h.engine.registerCorporate([
        { manufacturer: 'LENOVO', model: '21G2', serial: 'PF5CI0001', origin: 'ids.csv:1' },
        { manufacturer: 'Dell Inc.', model: 'Latitude 7450', serial: 'JH9CI0002', origin: 'ids.csv:2' },
        { manufacturer: 'HP', model: '', serial: '5CG3CI0003', origin: 'ids.csv:3' },
        { manufacturer: 'HP', model: 'EliteBook, 840', serial: '5CG3CI0004', origin: 'ids.csv:4' },
        { manufacturer: 'HP', model: 'EliteBook 840', serial: '5CG.3CI0005', origin: 'ids.csv:5' },
      ]);
      expect(first.devices.map((d) => [d.serial, d.stage, d.kind, d.inProgress])).toEqual([
        ['PF5CI0001', 'imported', 'corporate-identifier', false],
        ['JH9CI0002', 'imported', 'corporate-identifier', false],
      ]);
      expect(first.rejected.map((r) => [r.origin, r.reason])).toEqual([
        ['ids.csv:3', 'the model is empty.'],
        ['ids.csv:4', 'the model "EliteBook, 840" contains a comma, which would split the identifier.'],
        ['ids.csv:5', 'the serial "5CG.3CI0005" contains periods: Intune asks for serials with every period removed.'],
      ]);
      expect(c.snapshot().deviceIdentities.map((r) => [r.type, r.identifier])).toEqual([
        ['manufacturerModelSerial', 'LENOVO,21G2,PF5CI0001'],
        ['manufacturerModelSerial', 'Dell Inc.,Latitude 7450,JH9CI0002'],
      ]);
      // Nothing went to Windows Autopilot: corporate identifiers are not hardware hashes.
      expect(uploads(h)).toBe(0);
      // Again, with one new device: the held ones are found by search and not sent; nothing is duplicated.
      c.resetStats();
      const again = await h.engine.registerCorporate([
        { manufacturer: 'LENOVO', model: '21G2', serial: 'PF5CI0001' },
        { manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 6', serial: 'MS0CI0006' },
      ]);
      expect(again.devices.map((d) => d.stage)).toEqual(['imported', 'imported']);
      expect(again.devices[0]?.warnings).toContain('already a corporate identifier in Intune');
      expect(c.snapshot().deviceIdentities).toHaveLength(3);
      const byEndpoint = c.stats().byEndpoint;
      expect(byEndpoint['POST /beta/deviceManagement/importedDeviceIdentities/searchExistingIdentities']).toBe(1);
      expect(byEndpoint['POST /beta/deviceManagement/importedDeviceIdentities/importDeviceIdentityList']).toBe(1);
      // Nothing was uploaded to Windows Autopilot, and a restart does not follow these devices as Autopilot ones.
      expect(uploads(h)).toBe(0);
      expect((await h.reopen().resume()).total).toBe(0);
      expect(h.events.filter((e) => e.serial === 'PF5CI0001').map((e) => e.stage)).toEqual([
        'collected',
        'imported',
        'collected',
        'imported',
      ]);
    } finally {
      await h.close();
    }
  });

  it('fails a device Intune answers with status false, with a reason and a next step', async () => {
    // Another console adds the identifier between the search and the import: the search (hidden here) finds
    // nothing, and the import without overwrite answers status false for it.
    let hideSearch = false;
    const h = await startHarness({
      network: (fetch) => async (url, init) => {
        const response = await fetch(url, init);
        if (!hideSearch || !url.includes('searchExistingIdentities')) return response;
        return new Response(JSON.stringify({ value: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    try {
      const device = { manufacturer: 'HP', model: 'EliteBook 840 G10', serial: '5CG4CI0009' };
      expect((await h.engine.registerCorporate([device])).devices[0]?.stage).toBe('imported');
      hideSearch = true;
      const result = await h.engine.registerCorporate([device]);
      expect(result.devices[0]).toMatchObject({
        stage: 'failed',
        problem: { code: 'identity-not-added', stage: 'imported' },
      });
      expect(result.devices[0]?.problem?.reason).toContain('HP,EliteBook 840 G10,5CG4CI0009');
      expect(result.devices[0]?.problem?.nextStep).toMatch(/manufacturer, model and serial/);
    } finally {
      await h.close();
    }
  });

  it('counts an identifier as added when the import was applied but answered 503 and its repeat says status false', async () => {
    let lost = 0;
    const h = await startHarness({
      network: (fetch) => async (url, init) => {
        const response = await fetch(url, init);
        if (lost > 0 || !url.includes('importDeviceIdentityList')) return response;
        lost += 1;
        return new Response(JSON.stringify({ error: { code: 'ServiceUnavailable', message: 'Service unavailable' } }), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    try {
      const result = await h.engine.registerCorporate([
        { manufacturer: 'HP', model: 'EliteBook 840', serial: '5CG5CI0010' },
      ]);
      expect(lost).toBe(1);
      expect(result.devices[0]?.problem ?? null).toBeNull();
      expect(result.devices[0]?.stage).toBe('imported');
      const c = h.sandbox.control;
      expect(c.snapshot().deviceIdentities.map((r) => r.identifier)).toEqual(['HP,EliteBook 840,5CG5CI0010']);
      // The repeat was answered status false; one more search found what the first request stored.
      expect(
        c.stats().byEndpoint['POST /beta/deviceManagement/importedDeviceIdentities/importDeviceIdentityList'],
      ).toBe(2);
      expect(
        c.stats().byEndpoint['POST /beta/deviceManagement/importedDeviceIdentities/searchExistingIdentities'],
      ).toBe(2);
    } finally {
      await h.close();
    }
  });

  it("fails every device of the upload naming Graph's error when Graph fails, and leaves none in flight", async () => {
    const h = await startHarness({
      network: (fetch) => async (url, init) =>
        url.includes('searchExistingIdentities')
          ? new Response(JSON.stringify({ error: { code: 'Forbidden', message: 'Access denied to the identities' } }), {
              status: 403,
              headers: { 'content-type': 'application/json' },
            })
          : fetch(url, init),
    });
    try {
      const devices = [
        { manufacturer: 'HP', model: 'EliteBook 840', serial: '5CG5CI0011' },
        { manufacturer: 'LENOVO', model: '21G2', serial: 'PF5CI0012' },
      ];
      await expect(h.engine.registerCorporate(devices)).rejects.toThrow(/Access denied/);
      const views = h.engine.status();
      expect(views.map((d) => [d.serial, d.stage, d.inProgress])).toEqual([
        ['5CG5CI0011', 'failed', false],
        ['PF5CI0012', 'failed', false],
      ]);
      for (const view of views) {
        expect(view.problem).toMatchObject({ code: 'permission-missing', stage: 'imported' });
        expect(view.problem?.reason).toContain('Access denied to the identities');
      }
      expect((await h.reopen().resume()).total).toBe(0);
    } finally {
      await h.close();
    }
  });
});
