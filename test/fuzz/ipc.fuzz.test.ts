import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/ipc/dispatch';
import type { HandlerTable } from '../../electron/core/ipc/dispatch';
import { INVOKE_CHANNELS } from '../../shared/ipc/channels';
import { invokeContract } from '../../shared/ipc/contract';
import { startSandboxApplication, type SandboxApplication } from '../helpers/sandbox-application';
import { scenarioCsv } from '../helpers/scenario-csv';

/** Runs per channel: the whole fuzz suite stays well under 30 s on two cores. */
const RUNS = 40;

/** Field names of a channel's request, so payloads get past "unknown key" often enough to reach handlers. */
function fieldsOf(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

const value = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', 'OD-KIOSK', 'https://evil.example', 'global', 'custom', 'secret', 'sandbox', 'tenant', '../..'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }),
  fc.base64String({ maxLength: 200 }),
  fc.anything({ maxDepth: 2 }),
);

/** Values that mean something for a field, so that many payloads are valid and reach the handlers. */
function meaningful(field: string, known: { ids: string[]; importId: string }): fc.Arbitrary<unknown> {
  const pick = <T>(...values: T[]) => fc.constantFrom(...values);
  const id = fc.oneof(pick(...known.ids), fc.string({ maxLength: 12 }));
  const specific: Record<string, fc.Arbitrary<unknown>> = {
    ids: fc.array(id, { maxLength: 4 }),
    id,
    groupTag: pick('OD-KIOSK', 'OD-LAB', '', '=cmd', 'bad tag!', 'x'.repeat(200)),
    assignedUser: pick('user@contoso.com', '', 'nobody'),
    fileName: pick('devices.csv', '../../x.csv', ''),
    bytesBase64: fc.oneof(
      fc.base64String({ maxLength: 400 }),
      pick(Buffer.from(scenarioCsv({ registeredSerials: [], otherTenantSerials: [] }).text).toString('base64')),
    ),
    importId: fc.oneof(pick(known.importId), fc.string({ maxLength: 8 })),
    tenantId: pick('contoso.onmicrosoft.com', '11111111-2222-3333-4444-555555555555', 'a b'),
    clientId: pick('11111111-2222-3333-4444-555555555555', '22222222-2222-3333-4444-555555555555'),
    auth: pick('secret', 'certificate'),
    secret: pick('Xy9~secret'),
    certificatePem: pick('-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----', 'junk'),
    certificateName: pick('app.pem'),
    cloud: pick('global', 'usgov', 'usgovdod', 'china', 'custom'),
    authorityHost: pick('', '', 'https://login.example', 'https://evil.example', 'http://login.example'),
    graphEndpoint: pick('', '', 'https://graph.example/v1.0', 'https://evil.example', '@evil.example'),
    configTags: fc.array(pick('OD-KIOSK', ' OD-LAB '), { maxLength: 3 }),
    kind: pick('sandbox', 'tenant', 'other'),
  };
  return fc.oneof({ arbitrary: specific[field] ?? fc.boolean(), weight: 12 }, { arbitrary: value, weight: 1 });
}

describe('fuzz: every IPC channel through dispatch', () => {
  // The real application on the sandbox tenant, on a virtual clock; a configured tenant also runs on the sandbox,
  // so no payload ever sends a request off this machine.
  let running: SandboxApplication;
  let handlers: HandlerTable;
  const known = { ids: ['none'], importId: 'none' };
  afterAll(async () => running.close());

  beforeAll(async () => {
    running = await startSandboxApplication({ sandboxOnly: true });
    handlers = running.handlers;
    for (const groupTag of ['OD-KIOSK', 'OD-LAB', '']) {
      const captured = await dispatch(handlers, 'capture:this-device', { groupTag });
      if (captured.ok) known.ids.push((captured.value as { device: { id: string } }).device.id);
    }
    const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] }).text;
    const read = await dispatch(handlers, 'import:read', {
      fileName: 'devices.csv',
      bytesBase64: Buffer.from(csv).toString('base64'),
    });
    if (read.ok) known.importId = (read.value as { importId: string }).importId;
  });

  it.each(INVOKE_CHANNELS)(
    '%s answers any payload with a typed result, never a throw or an internal error',
    async (channel) => {
      const fields = fieldsOf(invokeContract[channel].request);
      const payload = fc.oneof(
        fc.anything({ maxDepth: 3 }),
        fc.record(Object.fromEntries(fields.map((field) => [field, meaningful(field, known)])), { requiredKeys: [] }),
        fc.record(Object.fromEntries(fields.map((field) => [field, meaningful(field, known)]))),
      );
      await fc.assert(
        fc.asyncProperty(payload, async (request) => {
          const result = await dispatch(handlers, channel, request);
          if (result.ok) {
            const typed = invokeContract[channel].response.safeParse(result.value);
            expect(typed.success, JSON.stringify(typed.error?.issues)).toBe(true);
          } else {
            expect(result.error.code).toMatch(/^[a-z][a-z-]+$/);
            expect(result.error.code).not.toBe('internal');
            expect(result.error.message).toEqual(expect.any(String));
          }
        }),
        { numRuns: RUNS },
      );
    },
  );

  it('refuses any channel name outside the contract', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ maxDepth: 1 }), fc.anything({ maxDepth: 2 }), async (channel, request) => {
        fc.pre(!(INVOKE_CHANNELS as readonly unknown[]).includes(channel));
        const result = await dispatch(handlers, channel, request);
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
      }),
      { numRuns: 200 },
    );
  });
});
