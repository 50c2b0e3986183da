import type { DeviceStatus } from '../api/types';

// Codes 10 (fine) to 50 (information); 30 and 40 need attention.
export function severityClass(code: number): string {
  if (code <= 10) return 'ok';
  if (code <= 20) return 'warn';
  if (code <= 40) return 'bad';
  return 'info';
}

export function StatusBadge({ status }: { status: DeviceStatus }) {
  return (
    <span className={`badge badge-${severityClass(status.code)}`} title={status.action}>
      {status.message}
    </span>
  );
}
