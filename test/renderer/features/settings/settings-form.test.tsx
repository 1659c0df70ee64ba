import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../../shared/ipc/contract';
import type { SettingsView } from '../../../../shared/ipc/settings-schemas';
import { SettingsForm } from '../../../../renderer/features/settings/SettingsForm';
import { renderInTheme } from '../../render';

/** The password field (jsdom gives password inputs no role). */
function secretInput(): HTMLInputElement {
  return screen.getByLabelText('Client secret', { selector: 'input[type="password"]' });
}

function settings(secretStored: boolean): SettingsView {
  return {
    tenant: {
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      auth: 'secret',
      secretStored,
      certificateName: null,
      cloud: 'global',
      authorityHost: '',
      graphEndpoint: '',
      configTags: ['OD-FINANCE'],
    },
    secretStorage: { persistent: true, description: "Encrypted with this computer's user key." },
    tenantReady: secretStored,
    mode: { kind: 'sandbox', label: 'Sandbox tenant (demo speed)' },
  };
}

describe('the settings form', () => {
  it('never shows a stored secret, and does not send one back when only other fields change', async () => {
    const onSave = vi.fn((_: RequestOf<'settings:set'>) => Promise.resolve(null));
    const { container } = renderInTheme(<SettingsForm settings={settings(true)} onSave={onSave} />);
    const secret = secretInput();
    expect(secret.type).toBe('password');
    expect(secret.value).toBe('');
    expect(screen.getByText(/A secret is stored; it is never shown/)).toBeInTheDocument();
    await userEvent.clear(screen.getByRole('textbox', { name: 'Tenant id' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Tenant id' }), 'fabrikam.onmicrosoft.com');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave).toHaveBeenCalledTimes(1);
    const request = onSave.mock.calls[0]![0];
    expect(request.tenantId).toBe('fabrikam.onmicrosoft.com');
    expect(request).not.toHaveProperty('secret');
    expect(container.innerHTML).not.toMatch(/value="[^"]+"[^>]*type="password"/);
  });

  it('sends a typed secret once, then clears it from the form', async () => {
    const onSave = vi.fn((_: RequestOf<'settings:set'>) => Promise.resolve(null));
    const { container } = renderInTheme(<SettingsForm settings={settings(false)} onSave={onSave} />);
    await userEvent.type(secretInput(), 'Xy9~very-secret-value');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(onSave.mock.calls[0]![0].secret).toBe('Xy9~very-secret-value');
    await screen.findByText('Saved.');
    expect(secretInput().value).toBe('');
    expect(container.innerHTML).not.toContain('very-secret-value');
  });

  it('requires both endpoints for a custom cloud, as https URLs', async () => {
    const onSave = vi.fn(() => Promise.resolve(null));
    renderInTheme(<SettingsForm settings={settings(true)} onSave={onSave} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Cloud' }));
    await userEvent.click(screen.getByRole('option', { name: 'Custom endpoints' }));
    expect(screen.getAllByText('Required for a custom cloud.')).toHaveLength(2);
    expect(screen.getByRole('button', { name: 'Save settings' })).toBeDisabled();
    await userEvent.type(screen.getByRole('textbox', { name: 'Authority host' }), 'http://login.example.org');
    expect(screen.getByText('An https:// URL.')).toBeInTheDocument();
  });
});
