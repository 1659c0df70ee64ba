/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any -- Graph bodies are read loosely; each assertion states the shape it expects. */
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import {
  closeTestSandboxes,
  createManualClock,
  sandboxGraph,
  sandboxToken,
  startTestSandbox,
} from '../../../helpers/sandbox';

type Json = Record<string, any>;
// Microsoft Graph's published OpenAPI description, excerpted to the Autopilot paths this console uses.
const SPEC_DIR = new URL('../../../fixtures/openapi/', import.meta.url);

/**
 * Microsoft's generator marks every type open with `additionalProperties: {type: object}`, which under
 * `allOf` would reject every real property; it means "open type", so it is dropped. Instance annotations
 * (`@odata.*`) are not part of the schemas and are stripped before validation.
 */
function openTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openTypes);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (
      k === 'additionalProperties' &&
      typeof v === 'object' &&
      v !== null &&
      (v as Json).type === 'object' &&
      Object.keys(v as Json).length === 1
    )
      continue;
    out[k] = openTypes(v);
  }
  return out;
}

function stripAnnotations(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripAnnotations);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node as Json)
      .filter(([k]) => !k.startsWith('@odata.') || k === '@odata.nextLink')
      .map(([k, v]) => [k, stripAnnotations(v)]),
  );
}

class Spec {
  readonly doc: Json;
  private readonly ajv: Ajv;
  readonly checked: string[] = [];

  constructor(
    file: string,
    readonly id: string,
  ) {
    this.doc = openTypes(parse(readFileSync(new URL(file, SPEC_DIR), 'utf8'))) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    // Graph's Edm.Binary reader takes standard base64 (the CSV hash is sent as-is, reference §1.1).
    this.ajv.addFormat('base64url', /^[A-Za-z0-9+/_-]*={0,2}$/);
    this.ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
    });
    this.ajv.addSchema(this.doc, id);
  }

  private operation(method: string, path: string): { key: string; op: Json } {
    const bare = path.split('?')[0] ?? '';
    for (const [key, ops] of Object.entries(this.doc.paths as Json)) {
      const pattern = key
        .replace(/\{[^}]+\}/g, '[^/]+')
        .replace(/microsoft\.graph\./g, '(?:microsoft\\.graph\\.)?')
        .replace(/\$/g, '\\$');
      if (new RegExp(`^${pattern}$`).test(bare) && (ops as Json)[method.toLowerCase()])
        return { key, op: (ops as Json)[method.toLowerCase()] as Json };
    }
    throw new Error(`${this.id} has no ${method} ${bare}`);
  }

  private validator(schema: Json): ValidateFunction {
    const ref = (schema.$ref as string | undefined) ?? '';
    if (ref.startsWith('#/components/responses/')) {
      const response = (this.doc.components as Json).responses[ref.split('/').pop() as string] as Json;
      return this.validator(response.content['application/json'].schema as Json);
    }
    if (ref) return this.ajv.getSchema(`${this.id}${ref}`) as ValidateFunction;
    const rebased = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, `"${this.id}#/components/`)) as Json;
    return this.ajv.compile(rebased);
  }

  response(method: string, path: string, body: unknown): void {
    const { key, op } = this.operation(method, path);
    const ok = op.responses['2XX'] as Json;
    const schema = ok.$ref ? ok : (ok.content?.['application/json']?.schema as Json | undefined);
    if (!schema) throw new Error(`${key} documents no JSON response`);
    const validate = this.validator(schema);
    expect(validate(stripAnnotations(body)), `${method} ${key}: ${JSON.stringify(validate.errors)}`).toBe(true);
    this.checked.push(`${method} ${key}`);
  }

  request(method: string, path: string, body: unknown): void {
    const { key, op } = this.operation(method, path);
    const validate = this.validator(op.requestBody.content['application/json'].schema as Json);
    expect(validate(body), `${method} ${key} request: ${JSON.stringify(validate.errors)}`).toBe(true);
  }

  error(body: unknown): void {
    const validate = this.ajv.getSchema(
      `${this.id}#/components/schemas/microsoft.graph.ODataErrors.ODataError`,
    ) as ValidateFunction;
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  }
}

describe('sandbox bodies against the OpenAPI excerpts', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let graph: ReturnType<typeof sandboxGraph>;
  const specs = {
    'v1.0': new Spec('graph-v1.0-autopilot.yml', 'v1'),
    beta: new Spec('graph-beta-autopilot.yml', 'beta'),
  };
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 21, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  const call = async (version: 'v1.0' | 'beta', method: string, path: string, body?: unknown) => {
    const spec = specs[version];
    if (body !== undefined) spec.request(method, path, body);
    const response = await graph(method, `/${version}${path}`, body);
    expect(response.status, `${method} ${path}: ${JSON.stringify(response.json)}`).toBeLessThan(300);
    if (response.status !== 204 && typeof response.json === 'object') spec.response(method, path, response.json);
    return response.json;
  };

  it.each(['v1.0', 'beta'] as const)(
    'walks the Autopilot endpoints of %s with schema-valid requests and responses',
    async (version) => {
      const IMPORTED = '/deviceManagement/importedWindowsAutopilotDeviceIdentities';
      const DEVICES = '/deviceManagement/windowsAutopilotDeviceIdentities';
      const a = sandbox.control.makeHash();
      const b = sandbox.control.makeHash();
      const record = (h: { serial: string; hardwareHash: string }) => ({
        '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
        serialNumber: h.serial,
        productKey: '',
        groupTag: 'OD-FINANCE',
        hardwareIdentifier: h.hardwareHash,
        assignedUserPrincipalName: '',
        importId: `${version}-batch`,
        state: { deviceImportStatus: 'pending', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
      });
      const created = await call(version, 'POST', IMPORTED, record(a));
      const imported = await call(version, 'POST', `${IMPORTED}/microsoft.graph.import`, {
        importedWindowsAutopilotDeviceIdentities: [record(b)],
      });
      await call(version, 'GET', IMPORTED);
      await call(version, 'GET', `${IMPORTED}?$filter=contains(serialNumber,'${a.serial}')`);
      clock.advance(100);
      const done = await call(version, 'GET', `${IMPORTED}/${created.id as string}`);
      expect(done.state.deviceImportStatus).toBe('complete');
      const id = done.state.deviceRegistrationId as string;
      await call(version, 'GET', `${IMPORTED}/${imported.value[0].id as string}`);
      await call(version, 'GET', DEVICES);
      await call(version, 'GET', `${DEVICES}?$top=2`);
      await call(version, 'GET', `${DEVICES}/${id}`);
      await call(version, 'POST', `${DEVICES}/${id}/microsoft.graph.updateDeviceProperties`, {
        groupTag: 'OD-RETAIL',
        displayName: 'FIN-01',
        userPrincipalName: null,
        addressableUserName: null,
      });
      await call(version, 'POST', `${DEVICES}/${id}/assignUserToDevice`, {
        userPrincipalName: 'ana@autopilot-sandbox.onmicrosoft.com',
        addressableUserName: 'Ana',
      });
      if (version === 'beta') {
        clock.advance(100);
        const expanded = await call(
          version,
          'GET',
          `${DEVICES}/${id}?$expand=deploymentProfile,intendedDeploymentProfile`,
        );
        expect(expanded.deploymentProfile).toBeDefined();
        const profiles = await call(version, 'GET', '/deviceManagement/windowsAutopilotDeploymentProfiles');
        const profileId = profiles.value[0].id as string;
        await call(version, 'GET', `/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}`);
        const assignments = await call(
          version,
          'GET',
          `/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}/assignments`,
        );
        await call(
          version,
          'GET',
          `/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}/assignments/${assignments.value[0].id as string}`,
        );
        await call(version, 'GET', `/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}/assignedDevices`);
        await call(version, 'GET', `${DEVICES}/${id}/deploymentProfile`);
        await call(version, 'GET', '/deviceManagement/windowsAutopilotSettings');
        await graph('POST', '/beta/deviceManagement/windowsAutopilotSettings/microsoft.graph.sync');
      }
      await call(version, 'DELETE', `${DEVICES}/${id}`);
      await call(version, 'DELETE', `${IMPORTED}/${created.id as string}`);
      // The deleted record stays listed for a while (field notes B7); an unknown id is the error case.
      const failure = await graph('GET', `/${version}${DEVICES}/00000000-0000-0000-0000-000000000001`);
      specs[version].error(failure.json);
      expect(specs[version].checked.length).toBeGreaterThan(8);
    },
  );

  it('keeps every enum value the sandbox can emit inside the published enums', () => {
    const beta = specs.beta.doc.components.schemas as Json;
    expect(beta['microsoft.graph.windowsAutopilotProfileAssignmentStatus'].enum).toEqual(
      expect.arrayContaining([
        'notAssigned',
        'pending',
        'assignedInSync',
        'assignedOutOfSync',
        'assignedUnkownSyncState',
        'failed',
      ]),
    );
    expect(beta['microsoft.graph.importedWindowsAutopilotDeviceIdentityImportStatus'].enum).toEqual(
      expect.arrayContaining(['unknown', 'pending', 'complete', 'error']),
    );
    expect(beta['microsoft.graph.windowsAutopilotSyncStatus'].enum).toEqual(
      expect.arrayContaining(['inProgress', 'completed']),
    );
  });
});
