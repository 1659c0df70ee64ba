export { Journal, tenantJournalDir, type JournalListener } from './journal';
export { journalKey, newJournalDevice } from './records';
export type { JournalDevice, JournalMeta, JournalSource, QueuedDeviceInput } from './types';
