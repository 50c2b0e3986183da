import { DevicesTable } from '../components/DevicesTable';
import { useI18n } from '../i18n/i18n';

export function DevicesPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="devices-page-title">
      <h1 id="devices-page-title">{t('devices.title')}</h1>
      <DevicesTable />
    </section>
  );
}
