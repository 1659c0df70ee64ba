import { memo } from 'react';
import { Button, Dropdown, Option, SearchBox, makeStyles, tokens } from '@fluentui/react-components';
import { FilterDismissRegular } from '@fluentui/react-icons';
import { useShallow } from 'zustand/react/shallow';
import { DEVICE_STAGES, STAGE_LABELS, type DeviceStage } from '../../../shared/domain/device';
import type { ProblemFilter, SortKey } from '../../stores/board-view-store';
import { boardViewStore, useBoardView, useDevices } from '../../stores';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  search: { width: '220px' },
  dropdown: { minWidth: '150px' },
});

const PROBLEMS: Record<ProblemFilter, string> = {
  all: 'All devices',
  problems: 'With a problem or warning',
  ok: 'Without problems',
};
const SORTS: Record<SortKey, string> = {
  added: 'Order added',
  serial: 'Serial',
  model: 'Make and model',
  tag: 'Group tag',
  stage: 'Stage',
  updated: 'Last change',
};

/** Search by serial, filter by stage, tag and problem, and sort (memoised: the board re-renders with every push). */
export const BoardFilters = memo(function BoardFilters(): React.JSX.Element {
  const styles = useStyles();
  const view = useBoardView(
    useShallow((s) => ({ search: s.search, stages: s.stages, tag: s.tag, problem: s.problem, sort: s.sort })),
  );
  const tags = useDevices((s) => s.tags);
  const actions = boardViewStore.getState();
  const filtered = view.search !== '' || view.stages.length > 0 || view.tag !== null || view.problem !== 'all';
  return (
    <div className={styles.bar} role="search" aria-label="Find devices">
      <SearchBox
        className={styles.search}
        placeholder="Search serial number"
        aria-label="Search by serial number"
        value={view.search}
        onChange={(_, data) => actions.setSearch(data.value)}
      />
      <Dropdown
        className={styles.dropdown}
        aria-label="Filter by stage"
        multiselect
        placeholder="Every stage"
        selectedOptions={[...view.stages]}
        value={view.stages.map((s) => STAGE_LABELS[s]).join(', ')}
        onOptionSelect={(_, data) => actions.setStages(data.selectedOptions as DeviceStage[])}
      >
        {DEVICE_STAGES.map((stage) => (
          <Option key={stage} value={stage}>
            {STAGE_LABELS[stage]}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        className={styles.dropdown}
        aria-label="Filter by group tag"
        placeholder="Every tag"
        selectedOptions={view.tag === null ? [] : [view.tag]}
        value={view.tag === null ? '' : view.tag || 'No tag'}
        onOptionSelect={(_, data) => actions.setTag(data.optionValue === '*' ? null : (data.optionValue ?? null))}
      >
        <Option value="*">Every tag</Option>
        {tags.map((tag) => (
          <Option key={tag || '(none)'} value={tag}>
            {tag || 'No tag'}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        className={styles.dropdown}
        aria-label="Filter by problem"
        selectedOptions={[view.problem]}
        value={PROBLEMS[view.problem]}
        onOptionSelect={(_, data) => actions.setProblem((data.optionValue as ProblemFilter | undefined) ?? 'all')}
      >
        {Object.entries(PROBLEMS).map(([value, label]) => (
          <Option key={value} value={value}>
            {label}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        className={styles.dropdown}
        aria-label="Sort by"
        selectedOptions={[view.sort.key]}
        value={`Sort: ${SORTS[view.sort.key]}`}
        onOptionSelect={(_, data) => actions.setSort((data.optionValue as SortKey | undefined) ?? 'added', false)}
      >
        {Object.entries(SORTS).map(([value, label]) => (
          <Option key={value} value={value}>
            {label}
          </Option>
        ))}
      </Dropdown>
      {filtered && (
        <Button appearance="subtle" icon={<FilterDismissRegular />} onClick={actions.clearFilters}>
          Clear filters
        </Button>
      )}
    </div>
  );
});
