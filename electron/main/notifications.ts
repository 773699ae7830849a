// An OS notification when a payment request ends while the cashier window is not in front (the
// cashier is in the till software, or the window is minimised): the cashier page words it (its
// catalogues own every sentence) and asks through `shell.notify`; the shell decides whether the
// window is out of sight, and a click on the notification brings the window back.
import { Notification, type BrowserWindow } from 'electron';
import type { Logger } from '../core/ports';
import type { ShellInput } from './shell-contract';
import { focusWindow } from './windows';

export interface Notifier {
  /** Shows it unless the cashier window is in front; resolves once decided. */
  notify(input: ShellInput<'shell.notify'>): Promise<void>;
}

export function createNotifier(options: { cashierWindow: () => BrowserWindow | null; log?: Logger }): Notifier {
  // Electron drops a notification's click handler when the object is garbage-collected: keep
  // each one until it is closed.
  const shown = new Set<Notification>();
  return {
    async notify(input) {
      const window = options.cashierWindow();
      if (!window || window.isDestroyed()) return;
      if (window.isFocused() && !window.isMinimized()) return; // the page itself shows it
      if (!Notification.isSupported()) {
        options.log?.warn('OS notifications are not supported here: the page title says it instead');
        return;
      }
      const notification = new Notification({ title: input.title, body: input.body, urgency: 'critical', timeoutType: 'never' });
      shown.add(notification);
      notification.on('click', () => {
        const current = options.cashierWindow();
        if (current && !current.isDestroyed()) focusWindow(current);
        notification.close();
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}
