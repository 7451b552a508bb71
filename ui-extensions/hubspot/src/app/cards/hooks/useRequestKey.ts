/**
 * The idempotency key of one form entry: made on the first submit, kept when a submit fails so the
 * retry is recorded once, dropped when the entry changes or is accepted.
 */
import { useMemo, useRef } from 'react';
import { newRequestKey } from '../lib/request-key';

export interface RequestKey {
  take(): string;
  reset(): void;
}

export function useRequestKey(): RequestKey {
  const key = useRef<string | null>(null);
  return useMemo(
    () => ({
      take: () => (key.current ??= newRequestKey()),
      reset: () => {
        key.current = null;
      },
    }),
    [],
  );
}
