import type { OperationStatus } from '../../../electron/common/contract';
import { useT } from '../i18n/i18n';

export function StatusBadge({ status }: { status: OperationStatus }) {
  const t = useT();
  return <span className={`badge badge-${status}`}>{t.statusLabel[status]}</span>;
}
