import { generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { certificateFromPem } from '../../../../electron/core/graph/auth';
import { GRAPH_APP_ID, resolveCloud } from '../../../../electron/core/graph/clouds';
import { capabilitiesOf } from '../../../../electron/core/graph/permissions';

describe('resolveCloud', () => {
  it('knows the national clouds and their scopes', () => {
    expect(resolveCloud({})).toMatchObject({
      cloud: 'global',
      authorityHost: 'https://login.microsoftonline.com',
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(resolveCloud({ cloud: 'usgov' })).toMatchObject({
      authorityHost: 'https://login.microsoftonline.us',
      graphEndpoint: 'https://graph.microsoft.us',
    });
    expect(resolveCloud({ cloud: 'usgovdod' })).toMatchObject({
      graphEndpoint: 'https://dod-graph.microsoft.us',
      scope: 'https://dod-graph.microsoft.us/.default',
    });
    expect(resolveCloud({ cloud: 'China' })).toMatchObject({
      authorityHost: 'https://login.chinacloudapi.cn',
      graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    });
  });

  it('takes explicit endpoints as a custom cloud, trims versions and slashes, asks for Graph by app id', () => {
    const custom = resolveCloud({
      authorityHost: 'https://login.example.test/',
      graphEndpoint: 'https://graph.example.test/v1.0/',
    });
    expect(custom).toEqual({
      cloud: 'custom',
      authorityHost: 'https://login.example.test',
      graphEndpoint: 'https://graph.example.test',
      scope: `${GRAPH_APP_ID}/.default`,
    });
    expect(() => resolveCloud({ cloud: 'custom', authorityHost: 'https://login.example.test' })).toThrow(/both/);
    expect(() => resolveCloud({ cloud: 'mars' })).toThrow(/Unknown cloud/);
    expect(() => resolveCloud({ authorityHost: 'http://login.example.test', graphEndpoint: 'https://g.test' })).toThrow(
      /https/,
    );
  });
});

describe('certificateFromPem', () => {
  it('derives thumbprints and a PKCS#8 key, and refuses a PEM without a key', async () => {
    const { generate } = await import('selfsigned');
    const pems = await generate([{ name: 'commonName', value: 'console' }], { keySize: 2048 });
    const certificate = certificateFromPem(`${pems.cert}\n${pems.private}`);
    expect(certificate.thumbprint).toMatch(/^[0-9a-f]{40}$/);
    expect(certificate.thumbprintSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(certificate.privateKey).toContain('BEGIN PRIVATE KEY');
    expect(() => certificateFromPem(pems.cert)).toThrow(/private key/);
  });
});

describe('capabilitiesOf', () => {
  it('reads the roles claim, broader roles included', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = await new SignJWT({ roles: ['DeviceManagementServiceConfig.ReadWrite.All', 'Directory.Read.All'] })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(capabilitiesOf(token)).toMatchObject({
      serviceConfig: true,
      deviceRead: true,
      groupRead: true,
      rolesUnknown: false,
    });
    const limited = await new SignJWT({ roles: ['Device.Read.All'] })
      .setProtectedHeader({ alg: 'RS256' })
      .sign(privateKey);
    expect(capabilitiesOf(limited)).toMatchObject({ serviceConfig: false, deviceRead: true, groupRead: false });
  });
});
