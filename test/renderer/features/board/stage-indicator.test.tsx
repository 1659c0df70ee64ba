import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StageIndicator } from '../../../../renderer/features/board/StageIndicator';
import { stepsOf } from '../../../../renderer/features/board/stage-steps';
import { deviceView as boardDevice } from '../../../helpers/device-view';
import { renderInTheme } from '../../render';

const T = (s: number): string => new Date(Date.UTC(2026, 10, 26, 10, 0, s)).toISOString();

function states(): string[] {
  return within(screen.getByRole('list', { name: 'Progress' }))
    .getAllByRole('listitem')
    .map((item) => item.getAttribute('data-state') ?? '');
}

describe('the five-step stage indicator', () => {
  it('marks reached steps with their time and spins on the step being worked on', () => {
    renderInTheme(
      <StageIndicator
        device={boardDevice({ stage: 'imported', inProgress: true, stageTimes: { collected: T(0), imported: T(42) } })}
      />,
    );
    expect(states()).toEqual(['done', 'done', 'current', 'pending', 'pending']);
    const items = screen.getAllByRole('listitem');
    expect(items[1]).toHaveAccessibleName(/Imported: done at \d\d:\d\d:42, took 42 s/);
    expect(items[2]).toHaveAccessibleName('In dynamic group: in progress');
    expect(within(items[2]!).getByText('working…')).toBeInTheDocument();
    expect(items[3]).toHaveAccessibleName('Profile assigned: not yet');
  });

  it('shows no spinner for a device nobody asked to register', () => {
    renderInTheme(<StageIndicator device={boardDevice()} />);
    expect(states()).toEqual(['done', 'pending', 'pending', 'pending', 'pending']);
  });

  it('stops at the stage a failure happened at', () => {
    renderInTheme(
      <StageIndicator
        device={boardDevice({
          stage: 'failed',
          stageTimes: { collected: T(0) },
          problem: {
            code: '808',
            stage: 'imported',
            reason: 'Registered to another organisation.',
            nextStep: 'Ask the previous owner.',
          },
        })}
      />,
    );
    expect(states()).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(screen.getAllByRole('listitem')[1]).toHaveAccessibleName('Imported: stopped here');
  });

  it('says when a stage cannot be observed with the granted permissions, and carries on after it', () => {
    renderInTheme(
      <StageIndicator
        device={boardDevice({
          stage: 'profile-assigned',
          inProgress: true,
          notObservable: ['in-group'],
          stageTimes: { collected: T(0), imported: T(10), 'profile-assigned': T(30) },
        })}
      />,
    );
    expect(states()).toEqual(['done', 'done', 'skipped', 'done', 'current']);
    expect(screen.getAllByRole('listitem')[2]).toHaveAccessibleName(
      'In dynamic group: not observable with the granted permissions',
    );
    expect(screen.getByText('not observable')).toBeInTheDocument();
  });

  it('fills every step, the last one in the ready colour, when the device is ready', () => {
    const steps = stepsOf(
      boardDevice({
        stage: 'ready',
        stageTimes: { collected: T(0), imported: T(1), 'in-group': T(2), 'profile-assigned': T(3), ready: T(4) },
      }),
    );
    expect(steps.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(steps.map((s) => s.tookMs)).toEqual([null, 1000, 1000, 1000, 1000]);
  });
});
