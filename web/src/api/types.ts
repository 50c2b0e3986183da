// Names for the generated API shapes (schema.gen.ts comes from docs/openapi.yaml at build
// time). Only aliases live here: a shape is never written by hand.
import type { components, paths } from './schema.gen';

type Schemas = components['schemas'];

export type { paths };
export type Me = Schemas['Me'];
export type Session = Schemas['Session'];
export type SignInRequest = Schemas['SignInRequest'];
export type Preferences = Schemas['Preferences'];
export type TablePreferences = Schemas['TablePreferences'];
export type License = Schemas['License'];
export type LicensePage = Schemas['LicensePage'];
export type LicenseChanges = Partial<Schemas['LicenseChanges']>;
export type Recipient = Schemas['Recipient'];
export type RecipientPage = Schemas['RecipientPage'];
export type Comment = Schemas['Comment'];
export type CommentPage = Schemas['CommentPage'];
export type ActionLogEntry = Schemas['ActionLogEntry'];
export type ActionLogPage = Schemas['ActionLogPage'];
export type DeviceStatus = Schemas['DeviceStatus'];
export type DeviceListItem = Schemas['DeviceListItem'];
export type DevicePage = Schemas['DevicePage'];
export type DeviceDetails = Schemas['DeviceDetails'];
export type BulkDeviceRequest = Schemas['BulkDeviceRequest'];
export type BulkDeviceResults = Schemas['BulkDeviceResults'];
export type Dashboard = Schemas['Dashboard'];
export type SharedDashboard = Schemas['SharedDashboard'];
export type DashboardLink = Schemas['DashboardLink'];
export type Group = Schemas['Group'];
export type ProfileSummary = Schemas['ProfileSummary'];
export type ProfileDetails = Schemas['ProfileDetails'];
export type ProfileSettings = Schemas['ProfileSettings'];
export type Company = Schemas['Company'];
export type User = Schemas['User'];
export type InstallerLink = Schemas['InstallerLink'];
export type ApiErrorBody = Schemas['Error'];

export type Language = NonNullable<Preferences['language']>;
export type Role = Me['user']['role'];
export type InstallerArch = 'x64' | 'x86';
export type InstallerType = paths['/api/v1/licenses/{id}/installer']['get']['parameters']['query']['type'];
export type BulkAction = BulkDeviceRequest['action'];
export type ActionTransition = ActionLogEntry['timeline'][number];
export type Export = Schemas['Export'];
export type ExportRequest = paths['/api/v1/exports']['post']['requestBody']['content']['application/json'];
export type ExportFormat = Export['format'];
export type Webhook = Schemas['Webhook'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookPage = paths['/api/v1/webhooks']['get']['responses']['200']['content']['application/json'];
export type WebhookDeliveryPage = paths['/api/v1/webhooks/{id}/deliveries']['get']['responses']['200']['content']['application/json'];
export type CreatedWebhook = paths['/api/v1/webhooks']['post']['responses']['201']['content']['application/json'];
export type WebhookInput = paths['/api/v1/webhooks']['post']['requestBody']['content']['application/json'];
export type StaleRule = Schemas['StaleRule'];
export type StaleDeactivationResults = Schemas['StaleDeactivationResults'];
