import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createMemorySecretStore,
  createSafeStorageSecretStore,
} from '../../../../electron/core/application/secret-store';
import { SettingsService } from '../../../../electron/core/application/settings-service';
import type { SafeStorageLike } from '../../../../electron/core/application/platform';

/** Stands in for Electron's safeStorage: reversible, but never the plain text on disk. */
const fakeSafeStorage: SafeStorageLike = {
  isEncryptionAvailable: () => true,
  encryptString: (text) => Buffer.from(Buffer.from(text, 'utf8').map((byte) => byte ^ 0x5a)),
  decryptString: (data) => Buffer.from(data.map((byte) => byte ^ 0x5a)).toString('utf8'),
};

const BASE = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  auth: 'secret' as const,
  cloud: 'global' as const,
  authorityHost: '',
  graphEndpoint: '',
  configTags: [],
};

describe('settings', () => {
  it('keeps the secret encrypted, out of the settings file, and out of what the renderer sees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const service = await SettingsService.open(
      join(dir, 'settings.json'),
      createSafeStorageSecretStore(fakeSafeStorage, join(dir, 'secrets')),
    );
    await service.saveTenant({ ...BASE, secret: 'Xy9~plain-secret' });
    expect(JSON.stringify(service.view())).not.toContain('plain-secret');
    expect(service.view().secretStored).toBe(true);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).not.toContain('plain-secret');
    const [secretFile] = readdirSync(join(dir, 'secrets'));
    expect(readFileSync(join(dir, 'secrets', secretFile!)).toString('utf8')).not.toContain('plain-secret');
    expect(await service.credentials()).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      clientSecret: 'Xy9~plain-secret',
    });

    const reopened = await SettingsService.open(
      join(dir, 'settings.json'),
      createSafeStorageSecretStore(fakeSafeStorage, join(dir, 'secrets')),
    );
    expect(reopened.view()).toMatchObject({ tenantId: 'contoso.onmicrosoft.com', secretStored: true });
    expect(reopened.tenantReady()).toBe(true);
  });

  it('keeps the stored secret when only the tags change, and removes it only when asked', async () => {
    const service = SettingsService.inMemory(createMemorySecretStore());
    await service.saveTenant({ ...BASE, secret: 'first' });
    const outcome = await service.saveTenant({ ...BASE, configTags: ['OD-LAB'] });
    expect(outcome).toMatchObject({ changed: [], credentialDropped: false });
    expect((await service.credentials()).clientSecret).toBe('first');
    await service.saveTenant({ ...BASE, clearSecret: true });
    expect(service.view().secretStored).toBe(false);
    expect(service.tenantReady()).toBe(false);
    await expect(service.credentials()).rejects.toThrow(/No client secret is stored/);
  });

  it.each([
    ['tenantId', { tenantId: 'fabrikam.onmicrosoft.com' }],
    ['clientId', { clientId: '99999999-2222-3333-4444-555555555555' }],
    ['cloud', { cloud: 'usgov' as const }],
    ['authorityHost', { authorityHost: 'https://evil.example' }],
    ['graphEndpoint', { graphEndpoint: 'https://evil.example' }],
  ])(
    'asks for the secret again when %s changes (it is never sent to a host it was not entered for)',
    async (field, change) => {
      const service = SettingsService.inMemory(createMemorySecretStore());
      await service.saveTenant({ ...BASE, secret: 'first' });
      const outcome = await service.saveTenant({ ...BASE, ...change });
      expect(outcome).toMatchObject({ changed: [field], credentialDropped: true });
      expect(service.view().secretStored).toBe(false);
      expect(service.tenantReady()).toBe(false);
      await expect(service.credentials()).rejects.toThrow(/No client secret is stored/);
      // With a new secret in the same save, that one is kept.
      await service.saveTenant({ ...BASE, ...change, secret: 'second' });
      expect((await service.credentials()).clientSecret).toBe('second');
    },
  );

  it('drops a stored certificate too, and names the endpoints before and after', async () => {
    const service = SettingsService.inMemory(createMemorySecretStore());
    const pem = '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----';
    await service.saveTenant({ ...BASE, auth: 'certificate', certificatePem: pem, certificateName: 'app.pem' });
    expect(service.tenantReady()).toBe(true);
    const outcome = await service.saveTenant({ ...BASE, auth: 'certificate', authorityHost: 'https://login.example' });
    expect(outcome).toEqual({
      changed: ['authorityHost'],
      credentialDropped: true,
      endpointsBefore: 'sign-in https://login.microsoftonline.com, Graph https://graph.microsoft.com',
      endpointsAfter: 'sign-in https://login.example, Graph https://graph.microsoft.com',
    });
    expect(service.view().certificateName).toBeNull();
    expect(service.tenantReady()).toBe(false);
    await expect(service.credentials()).rejects.toThrow(/No certificate is stored/);
  });

  it('needs both endpoints for a custom cloud and a private key in a certificate file', async () => {
    const service = SettingsService.inMemory(createMemorySecretStore());
    await expect(service.saveTenant({ ...BASE, cloud: 'custom' })).rejects.toThrow(/custom cloud needs both/);
    await expect(
      service.saveTenant({
        ...BASE,
        auth: 'certificate',
        certificatePem: '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----',
      }),
    ).rejects.toThrow(/private key/);
  });

  it('says when a secret cannot be kept safely, rather than storing it in the clear', async () => {
    const store = createSafeStorageSecretStore(
      { ...fakeSafeStorage, isEncryptionAvailable: () => false },
      mkdtempSync(join(tmpdir(), 'secrets-')),
    );
    await expect(store.set('client-secret', 'x')).rejects.toThrow(/no encrypted storage/);
  });
});

describe('a damaged settings.json', () => {
  it('starts with the last good copy, says so, and keeps the damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    const file = join(dir, 'settings.json');
    const first = await SettingsService.open(file, createMemorySecretStore());
    await first.saveTenant({ ...BASE, configTags: ['OD-LAB'] });
    const good = readFileSync(file, 'utf8');
    // Cut short, as a crash or a full disk leaves it.
    writeFileSync(file, good.slice(0, Math.floor(good.length / 2)));
    const second = await SettingsService.open(file, createMemorySecretStore());
    expect(second.current).toMatchObject({ tenantId: BASE.tenantId, configTags: ['OD-LAB'] });
    expect(second.notice).toMatch(/settings\.json could not be read .*started with its last good copy/);
    expect(readFileSync(join(dir, 'settings.json.damaged'), 'utf8')).toBe(good.slice(0, Math.floor(good.length / 2)));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ configTags: ['OD-LAB'] });
    const third = await SettingsService.open(file, createMemorySecretStore());
    expect(third.notice).toBeNull();
  });

  it('starts with defaults when there is no earlier copy, and says that too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'));
    writeFileSync(join(dir, 'settings.json'), '{"tenantId": "conto');
    const service = await SettingsService.open(join(dir, 'settings.json'), createMemorySecretStore());
    expect(service.current.tenantId).toBe('');
    expect(service.notice).toMatch(/no earlier copy was kept: started with default settings/);
  });
});
