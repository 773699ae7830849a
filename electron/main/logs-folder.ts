// « Journaux » in Paramètres: the log files' folder opened in the till's file manager, so the
// merchant can send its files to support without looking for where Electron keeps them.
import { shell } from 'electron';
import type { Logger } from '../core/ports';
import type { ShellHandlers } from './shell-contract';

export function logsFolderHandler(deps: { folder: string | null; log?: Logger }): Pick<ShellHandlers, 'shell.openLogsFolder'> {
  return {
    async 'shell.openLogsFolder'() {
      if (!deps.folder) return { opened: false, path: null };
      // openPath answers an error message, or '' when the folder opened.
      const problem = await shell.openPath(deps.folder);
      if (problem) deps.log?.warn('the logs folder could not be opened', { folder: deps.folder, problem });
      return { opened: problem === '', path: deps.folder };
    },
  };
}
