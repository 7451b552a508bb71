/**
 * E-mail through SMTP (nodemailer) when SMTP_URL is set. The Message-ID is derived from the outbox
 * row, so if a crash makes us send a message twice, mail systems see the same message.
 * https://nodemailer.com/smtp/ and https://nodemailer.com/message/ (messageId)
 */
import nodemailer from 'nodemailer';
import type { DeliveryResult, Notifier, OutgoingMessage } from '../../core/ports/notifier.js';

export function smtpNotifier(opts: { url: string; from: string }): Notifier & { close(): void } {
  const transport = nodemailer.createTransport(opts.url);
  return {
    async deliver(message: OutgoingMessage): Promise<DeliveryResult> {
      // SMS has no transport yet: the outbox row is the record.
      if (message.channel !== 'email') return { status: 'recorded' };
      const domain = opts.from.split('@')[1]?.replace(/>.*$/, '') ?? 'vip-care.invalid';
      const info = await transport.sendMail({
        from: opts.from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId: `<${message.id}@${domain}>`,
        headers: { 'Content-Language': message.locale },
      });
      return { status: 'sent', transportId: info.messageId };
    },
    close: () => transport.close(),
  };
}

/** The embedded default: the outbox row is the delivery. */
export const outboxOnlyNotifier: Notifier = {
  deliver: async () => ({ status: 'recorded' }),
};
