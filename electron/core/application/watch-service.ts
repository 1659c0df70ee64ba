import type { WatchStatus } from '../../../shared/ipc/settings-schemas';
import type { IngestIssue } from '../files/watch-folder';
import type { ActivityInput, ActivityLog } from './activity-log';
import type { FolderPicker } from './platform';
import type { SettingsService } from './settings-service';

/** What a watcher reports for each file it ingested. */
export interface IngestedFile {
  name: string;
  accepted: number;
  rejected: number;
  /** Each rejected or warned row and each file problem (the report beside the file has them too). */
  issues?: IngestIssue[];
}

/** Issues of one file written to the activity log; the rest are counted in one line (the report has them all). */
const ISSUES_LOGGED_PER_FILE = 20;

/** One activity line per issue of a watched file: the file, the row and the reason. */
function watchIssueEntries(file: IngestedFile, groupTag: string): ActivityInput[] {
  const issues = file.issues ?? [];
  const entries: ActivityInput[] = issues.slice(0, ISSUES_LOGGED_PER_FILE).map((issue) => ({
    action: issue.severity === 'error' ? 'Watch folder: rejected' : 'Watch folder: warning',
    serial: issue.serial,
    groupTag,
    outcome: issue.severity === 'error' ? 'failed' : 'warning',
    detail: `${file.name}${issue.line === undefined ? '' : ` line ${issue.line}`}: ${issue.message}`,
  }));
  if (issues.length > ISSUES_LOGGED_PER_FILE) {
    entries.push({
      action: 'Watch folder: rejected',
      serial: '',
      groupTag,
      outcome: 'warning',
      detail: `${file.name}: ${issues.length - ISSUES_LOGGED_PER_FILE} more problems are listed in ${file.name}.report.txt beside the file.`,
    });
  }
  return entries;
}

/** A running folder watcher. */
export interface RunningWatch {
  close(): Promise<void>;
}

/** Starts watching a folder; `onIngested` runs once per file taken in. */
export type WatchStarter = (
  folder: string,
  options: {
    groupTag: string;
    register: boolean;
    onIngested: (file: IngestedFile) => void;
    onError: (message: string) => void;
  },
) => Promise<RunningWatch>;

/** The watch folder: configuration (saved in settings), the running watcher and its status. */
export class WatchService {
  private running: RunningWatch | null = null;
  private state: WatchStatus['state'] = 'off';
  private message: string | null = null;
  private lastFile: WatchStatus['lastFile'] = null;

  constructor(
    private readonly settings: SettingsService,
    private readonly picker: FolderPicker,
    private readonly starter: WatchStarter | null,
    private readonly publish: (status: WatchStatus) => void,
    private readonly now: () => number,
    /** Where rejected rows and the watch's warnings are said (the console's activity log). */
    private readonly activity?: ActivityLog,
  ) {}

  /** Current status. */
  status(): WatchStatus {
    const { folder, enabled, groupTag, register } = this.settings.current.watch;
    return { folder, enabled, state: this.state, message: this.message, groupTag, register, lastFile: this.lastFile };
  }

  /** Resumes watching after a restart when it was on. */
  async resume(): Promise<void> {
    if (this.settings.current.watch.enabled) await this.restart();
  }

  /** Lets the user pick the folder with the platform's picker. */
  async chooseFolder(): Promise<WatchStatus> {
    const folder = await this.picker.chooseFolder('watch');
    if (folder === null) return this.status();
    await this.settings.saveWatch({ ...this.settings.current.watch, folder });
    await this.restart();
    return this.status();
  }

  /** Turns watching on or off, with the tag and whether to register what comes in. */
  async configure(options: { enabled: boolean; groupTag?: string; register?: boolean }): Promise<WatchStatus> {
    const current = this.settings.current.watch;
    await this.settings.saveWatch({
      ...current,
      enabled: options.enabled,
      groupTag: options.groupTag ?? current.groupTag,
      register: options.register ?? current.register,
    });
    await this.restart();
    return this.status();
  }

  /** Stops the watcher. */
  async close(): Promise<void> {
    await this.running?.close();
    this.running = null;
  }

  private async restart(): Promise<void> {
    await this.close();
    const { folder, enabled, groupTag, register } = this.settings.current.watch;
    this.message = null;
    if (!enabled || folder === null) {
      this.state = 'off';
      if (enabled) this.message = 'Choose a folder to watch.';
    } else if (!this.starter) {
      this.state = 'unavailable';
      this.message = 'The watch folder is not available in this console.';
    } else {
      try {
        this.running = await this.starter(folder, {
          groupTag,
          register,
          onIngested: (file) => {
            const { name, accepted, rejected } = file;
            this.lastFile = { name, accepted, rejected, at: new Date(this.now()).toISOString() };
            this.activity?.add(...watchIssueEntries(file, groupTag));
            this.publish(this.status());
          },
          onError: (message) => {
            this.state = 'error';
            this.message = message;
            this.activity?.add({
              action: 'Watch folder: warning',
              serial: '',
              groupTag,
              outcome: 'warning',
              detail: message,
            });
            this.publish(this.status());
          },
        });
        this.state = 'watching';
      } catch (error) {
        this.state = 'error';
        this.message = `Cannot watch ${folder}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    this.publish(this.status());
  }
}
