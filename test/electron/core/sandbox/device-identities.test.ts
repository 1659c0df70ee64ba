/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- Graph bodies and the OpenAPI document are read loosely; each assertion states the shape it expects. */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
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
const SET = '/beta/deviceManagement/importedDeviceIdentities';

/** Microsoft's excerpt for these paths, with its open-type markers dropped and instance annotations ignored. */
function specValidator(): (pathKey: string, method: string, body: unknown, part?: 'request') => void {
  const open = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(open);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node as Json)
        .filter(([k, v]) => !(k === 'additionalProperties' && (v as Json | null)?.type === 'object'))
        .map(([k, v]) => [k, open(v)]),
    );
  };
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(strip);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(
      Object.entries(node as Json)
        .filter(([k]) => !k.startsWith('@odata.'))
        .map(([k, v]) => [k, strip(v)]),
    );
  };
  const doc = open(
    parse(readFileSync(new URL('../../../fixtures/openapi/graph-beta-device-identities.yml', import.meta.url), 'utf8')),
  ) as Json;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'ids');
  const compile = (schema: Json) => {
    const ref = schema.$ref as string | undefined;
    if (ref?.startsWith('#/components/responses/')) {
      const response = doc.components.responses[ref.split('/').pop() as string];
      return compile(response.content['application/json'].schema as Json);
    }
    return ajv.compile(JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"ids#/components/')));
  };
  return (pathKey, method, body, part) => {
    const op = doc.paths[pathKey][method];
    const schema = part === 'request' ? op.requestBody.content['application/json'].schema : op.responses['2XX'];
    const validate = compile(schema.$ref ? schema : (schema.content?.['application/json']?.schema ?? schema));
    expect(validate(strip(body)), `${method} ${pathKey}: ${JSON.stringify(validate.errors)}`).toBe(true);
  };
}

describe('sandbox corporate identifiers (importedDeviceIdentities, beta)', () => {
  const clock = createManualClock();
  let sandbox: RunningSandbox;
  let graph: ReturnType<typeof sandboxGraph>;
  const check = specValidator();
  beforeAll(async () => {
    sandbox = await startTestSandbox({ clock, seed: 8, throttle: false });
    graph = sandboxGraph(sandbox, await sandboxToken(sandbox));
  });
  afterAll(closeTestSandboxes);

  const identity = (identifier: string) => ({
    importedDeviceIdentityType: 'manufacturerModelSerial',
    importedDeviceIdentifier: identifier,
    description: 'bench',
  });
  const IMPORT = '/deviceManagement/importedDeviceIdentities/microsoft.graph.importDeviceIdentityList';
  const SEARCH = '/deviceManagement/importedDeviceIdentities/microsoft.graph.searchExistingIdentities';

  it("imports, searches, lists and deletes identities with bodies valid against Microsoft's OpenAPI", async () => {
    const body = {
      importedDeviceIdentities: [identity('LENOVO,21G2,PF4CI0001')],
      overwriteImportedDeviceIdentities: false,
    };
    check(IMPORT, 'post', body, 'request');
    const imported = await graph('POST', `${SET}/importDeviceIdentityList`, body);
    expect(imported.status).toBe(200);
    check(IMPORT, 'post', imported.json);
    expect(imported.json.value[0]).toMatchObject({ status: true, importedDeviceIdentifier: 'LENOVO,21G2,PF4CI0001' });
    // The namespaced form of the action path answers the same way.
    const search = { importedDeviceIdentities: [identity('lenovo,21g2,pf4ci0001')] };
    check(SEARCH, 'post', search, 'request');
    const found = await graph('POST', `${SET}/microsoft.graph.searchExistingIdentities`, search);
    check(SEARCH, 'post', found.json);
    expect(found.json.value.map((v: Json) => v.id)).toEqual([imported.json.value[0].id]);
    const listed = await graph('GET', SET);
    check('/deviceManagement/importedDeviceIdentities', 'get', listed.json);
    expect(listed.json.value).toHaveLength(1);
    const one = await graph('GET', `${SET}/${imported.json.value[0].id as string}`);
    check('/deviceManagement/importedDeviceIdentities/{importedDeviceIdentity-id}', 'get', one.json);
    expect((await graph('DELETE', `${SET}/${imported.json.value[0].id as string}`)).status).toBe(204);
    expect(sandbox.control.snapshot().deviceIdentities).toEqual([]);
  });

  it('answers status false for an identity it holds (without overwrite) and for a malformed tuple; stores neither', async () => {
    await graph('POST', `${SET}/importDeviceIdentityList`, {
      importedDeviceIdentities: [identity('HP,EliteBook,5CG1')],
    });
    const again = await graph('POST', `${SET}/importDeviceIdentityList`, {
      importedDeviceIdentities: [identity('HP,EliteBook,5CG1'), identity('HP,,5CG2')],
      overwriteImportedDeviceIdentities: false,
    });
    expect(again.json.value.map((v: Json) => v.status)).toEqual([false, false]);
    expect(sandbox.control.snapshot().deviceIdentities.map((r) => r.identifier)).toEqual(['HP,EliteBook,5CG1']);
  });

  it('refuses an unknown identity type (400), is beta only, and needs DeviceManagementServiceConfig.ReadWrite.All', async () => {
    const bad = await graph('POST', `${SET}/importDeviceIdentityList`, {
      importedDeviceIdentities: [{ importedDeviceIdentityType: 'tuple', importedDeviceIdentifier: 'a,b,c' }],
    });
    expect(bad.status).toBe(400);
    expect((await graph('GET', '/v1.0/deviceManagement/importedDeviceIdentities')).status).toBe(400);
    const before = sandbox.control.grantedRoles();
    sandbox.control.setGrantedRoles(['DeviceManagementServiceConfig.Read.All']);
    const readOnly = sandboxGraph(sandbox, await sandboxToken(sandbox));
    sandbox.control.setGrantedRoles(before);
    const refused = await readOnly('POST', `${SET}/importDeviceIdentityList`, {
      importedDeviceIdentities: [identity('A,B,C')],
    });
    expect(refused.status).toBe(403);
    expect(
      (await readOnly('POST', `${SET}/searchExistingIdentities`, { importedDeviceIdentities: [identity('A,B,C')] }))
        .status,
    ).toBe(200);
  });
});
