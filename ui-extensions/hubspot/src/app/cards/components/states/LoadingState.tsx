import { LoadingSpinner } from '@hubspot/ui-extensions';
import { useI18n } from '../../i18n/I18nContext';

export function LoadingState() {
  const { t } = useI18n();
  return <LoadingSpinner label={t('state.loading')} showLabel layout="centered" testId="card-loading" />;
}
