import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { TagChain } from '../../../../shared/ipc/device-schemas';
import { TagPicker, matchingTags } from '../../../../renderer/features/tags/TagPicker';
import { renderInTheme } from '../../render';

const TAGS: TagChain[] = [
  {
    tag: 'OD-FINANCE',
    sources: ['tenant'],
    groups: [{ id: 'g1', name: 'Autopilot - Finance' }],
    profiles: [{ id: 'p1', name: 'Finance user-driven' }],
    warning: null,
  },
  {
    tag: 'OD-LAB',
    sources: ['tenant'],
    groups: [{ id: 'g2', name: 'Autopilot - Lab' }],
    profiles: [],
    warning: 'No deployment profile targets its group.',
  },
];

function Harness({
  initial = '',
  onChange = () => undefined,
}: {
  initial?: string;
  onChange?: (tag: string) => void;
}): React.JSX.Element {
  const [value, setValue] = useState(initial);
  return (
    <TagPicker
      value={value}
      tags={TAGS}
      onChange={(tag) => {
        setValue(tag);
        onChange(tag);
      }}
    />
  );
}

describe('the tag picker', () => {
  it('lists each known tag with the group and profile it leads to, or a warning that none does', async () => {
    renderInTheme(<Harness />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Group tag' }));
    const finance = screen.getByRole('option', { name: /OD-FINANCE/ });
    expect(finance).toHaveTextContent('Group Autopilot - Finance');
    expect(finance).toHaveTextContent('Profile Finance user-driven');
    const lab = screen.getByRole('option', { name: /OD-LAB/ });
    expect(lab).toHaveTextContent('No deployment profile targets its group.');
    expect(lab).not.toHaveTextContent('Profile ');
  });

  it('shows the chain of the picked tag', async () => {
    const onChange = vi.fn();
    renderInTheme(<Harness onChange={onChange} />);
    await userEvent.click(screen.getByRole('combobox', { name: 'Group tag' }));
    await userEvent.click(screen.getByRole('option', { name: /OD-FINANCE/ }));
    expect(onChange).toHaveBeenLastCalledWith('OD-FINANCE');
    const field = screen.getByRole('combobox', { name: 'Group tag' }).closest('.fui-Field') as HTMLElement;
    expect(within(field).getByText(/Group Autopilot - Finance/)).toBeInTheDocument();
    expect(within(field).getByText(/Profile Finance user-driven/)).toBeInTheDocument();
  });

  it('warns before anything is imported when the tag leads to no profile', () => {
    renderInTheme(<Harness initial="OD-LAB" />);
    expect(
      screen.getByText(/"OD-LAB" leads to no deployment profile: registered devices would not become ready/),
    ).toBeInTheDocument();
  });

  it('accepts free text, warning when no group selects it and refusing what would break a CSV', async () => {
    renderInTheme(<Harness />);
    const input = screen.getByRole('combobox', { name: 'Group tag' });
    await userEvent.type(input, 'OD-NEW');
    expect(screen.getByText(/"OD-NEW" is not known in the tenant: no dynamic group selects it/)).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, 'OD,NEW');
    expect(screen.getByText('The tag contains a comma.')).toBeInTheDocument();
  });

  it('filters the known tags by what is typed, case-insensitively; nothing typed lists them all', () => {
    const chains = ['OD-FINANCE', 'OD-KIOSK', 'OD-LAB'].map((tag) => ({
      tag,
      sources: ['tenant' as const],
      groups: [],
      profiles: [],
      warning: null,
    }));
    expect(matchingTags(chains, 'kio').map((c) => c.tag)).toEqual(['OD-KIOSK']);
    expect(matchingTags(chains, ' od- ').map((c) => c.tag)).toEqual(['OD-FINANCE', 'OD-KIOSK', 'OD-LAB']);
    expect(matchingTags(chains, 'zzz')).toEqual([]);
    expect(matchingTags(chains, null)).toHaveLength(3);
  });
});
