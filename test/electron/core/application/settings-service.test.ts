import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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

  it('keeps the stored secret when other fields change, and removes it only when asked', async () => {
    const service = SettingsService.inMemory(createMemorySecretStore());
    await service.saveTenant({ ...BASE, secret: 'first' });
    await service.saveTenant({ ...BASE, tenantId: 'fabrikam.onmicrosoft.com' });
    expect((await service.credentials()).clientSecret).toBe('first');
    await service.saveTenant({ ...BASE, clearSecret: true });
    expect(service.view().secretStored).toBe(false);
    expect(service.tenantReady()).toBe(false);
    await expect(service.credentials()).rejects.toThrow(/No client secret is stored/);
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
