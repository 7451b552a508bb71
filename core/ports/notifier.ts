/**
 * How a message leaves: the outbox records every message first; a Notifier delivers it.
 * Delivery is at-least-once, so each message carries a stable id a transport can pass on
 * (the SMTP Message-ID) for receivers to drop a repeat.
 */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface OutgoingMessage {
  /** Stable across retries: `<tenant>.<outbox id>`. */
  id: string;
  tenantId: string;
  channel: Channel;
  to: string;
  locale: string;
  subject: string | null;
  body: string;
}

export type DeliveryResult =
  | { status: 'sent'; transportId: string }
  /** No transport for this channel: the outbox row is the delivery (embedded default). */
  | { status: 'recorded' };

export interface Notifier {
  deliver(message: OutgoingMessage): Promise<DeliveryResult>;
}
