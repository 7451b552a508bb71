/**
 * Set up once per LWC test file. LWC's dev mode (kept on in tests for its checks) hangs one abort
 * listener per inserted stylesheet on a shared AbortSignal, so a card with a dozen styled parts
 * trips Node's leak warning of 10 listeners: raise it for these tests.
 */
import { setMaxListeners } from 'node:events';

setMaxListeners(200);
