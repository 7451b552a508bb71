/** `@salesforce/apex`: refreshApex re-runs a wired call; the test then emits what it answers. */
import { vi } from 'vitest';

export const refreshApex = vi.fn(async (_wiredValue: unknown): Promise<void> => undefined);
