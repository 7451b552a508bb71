import { ErrorState, Text } from '@hubspot/ui-extensions';
import { useI18n } from '../../i18n/I18nContext';

/** Shown instead of calling the backend when the card is placed on an object we do not score. */
export function UnsupportedObject() {
  const { t } = useI18n();
  return (
    <ErrorState title={t('state.unsupportedTitle')} type="support" testId="card-unsupported">
      <Text>{t('state.unsupportedObject')}</Text>
    </ErrorState>
  );
}
