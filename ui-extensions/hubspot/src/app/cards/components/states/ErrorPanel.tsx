import { Button, ErrorState, Text } from '@hubspot/ui-extensions';
import { useI18n } from '../../i18n/I18nContext';

/** The card could not load; the server's own words when it sent some, and a way to try again. */
export function ErrorPanel({ message, onRetry }: { message: string | null; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <ErrorState title={t('state.errorTitle')} testId="card-error">
      <Text testId="card-error-message">{message ?? t('state.errorGeneric')}</Text>
      <Button variant="secondary" onClick={onRetry} testId="card-retry">
        {t('state.retry')}
      </Button>
    </ErrorState>
  );
}
