// The columns each table can show, in display order; which ones are shown comes from the
// user's preferences (the server validates the same names).
export const LICENSE_COLUMNS = [
  'name', 'key', 'customer', 'type', 'activations', 'expires_at', 'group', 'notify_at',
] as const;
export type LicenseColumn = (typeof LICENSE_COLUMNS)[number];
export const LICENSE_SORTABLE: ReadonlySet<string> = new Set(['name', 'customer', 'expires_at', 'activations', 'type', 'created_at']);

export const DEVICE_COLUMNS = [
  'hostname', 'description', 'group', 'license', 'ip', 'domain', 'os', 'infections', 'status',
  'client_version', 'last_contact_at',
] as const;
export type DeviceColumn = (typeof DEVICE_COLUMNS)[number];
export const DEVICE_SORTABLE: ReadonlySet<string> = new Set([
  'hostname', 'description', 'group', 'license', 'ip', 'domain', 'os', 'infections', 'status', 'client_version',
  'last_contact_at',
]);
// The API sorts by last contact under this key.
export const DEVICE_SORT_KEY: Partial<Record<DeviceColumn, string>> = { last_contact_at: 'last_contact' };

export const STATUS_FILTERS = [
  'unknown', 'threatened', 'obsolete', 'insecure', 'deactivated', 'eol', 'settings_incomplete', 'profile_missing',
  'no_remote_settings', 'review', 'muted', 'partly_muted',
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

// Chosen columns in the table's order, unknown names dropped.
export function orderedColumns<T extends string>(all: readonly T[], chosen: readonly string[]): T[] {
  return all.filter((column) => chosen.includes(column));
}
