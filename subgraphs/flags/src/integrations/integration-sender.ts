import { randomUUID } from 'node:crypto';
import { emailMessage } from './email-message';
import type { IntegrationsConfig } from './integrations.config';
import type { IntegrationRow } from './integration.repository';
import type { Mailer } from './mail/mailer';
import { consoleLink, type OutboxChange } from './outbox-change';
import { type OutboundPolicy, type OutboundResult, postJson } from './outbound-http';
import { slackMessage } from './slack-message';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature';

// A change whose before/after would make a larger body is sent with the link only.
const MAX_WEBHOOK_BODY = 256 * 1024;

/** The JSON a webhook receives for one change. */
export function webhookBody(change: OutboxChange, consoleUrl: string): string {
  const link = consoleLink(consoleUrl, change);
  const full = JSON.stringify({ ...change, link });
  if (full.length <= MAX_WEBHOOK_BODY) return full;
  const { before: _b, after: _a, ...rest } = change;
  return JSON.stringify({ ...rest, link, truncated: true });
}

/**
 * Sends one change through one integration's transport. Null means the integration has
 * nothing to say about this change (e.g. email only for changes a person must act on).
 */
export class IntegrationSender {
  constructor(
    private readonly config: IntegrationsConfig,
    private readonly policy: OutboundPolicy,
    private readonly mailer: Mailer | null,
  ) {}

  /** Where messages link to (CONSOLE_URL). */
  get consoleUrl(): string {
    return this.config.CONSOLE_URL;
  }

  async send(
    integration: IntegrationRow,
    change: OutboxChange,
    attempt: number,
  ): Promise<OutboundResult | null> {
    switch (integration.kind) {
      case 'WEBHOOK': {
        const body = webhookBody(change, this.config.CONSOLE_URL);
        const headers: Record<string, string> = {
          'user-agent': 'Switchyard-Webhooks/1',
          'x-switchyard-seq': String(change.seq),
          'x-switchyard-kind': change.kind,
          'x-switchyard-delivery': randomUUID(),
          'x-switchyard-attempt': String(attempt),
        };
        if (integration.secret)
          headers[SIGNATURE_HEADER] = signWebhook(integration.secret, body, Math.floor(Date.now() / 1000));
        return postJson(integration.target, body, headers, this.policy);
      }
      case 'SLACK':
        return postJson(
          integration.target,
          JSON.stringify(slackMessage(change, this.config.CONSOLE_URL)),
          {},
          this.policy,
        );
      case 'EMAIL': {
        const message = emailMessage(change, this.config.CONSOLE_URL);
        if (!message) return null;
        const started = performance.now();
        const latencyMs = () => Math.round(performance.now() - started);
        if (!this.mailer)
          return { ok: false, statusCode: null, latencyMs: 0, excerpt: null, error: 'SMTP_URL is not set' };
        try {
          const info = await this.mailer.send({ to: recipients(integration.target), ...message });
          return {
            ok: true,
            statusCode: null,
            latencyMs: latencyMs(),
            excerpt: info.response.slice(0, 1024),
            error: null,
          };
        } catch (err) {
          return {
            ok: false,
            statusCode: null,
            latencyMs: latencyMs(),
            excerpt: null,
            error: (err as Error).message,
          };
        }
      }
    }
  }
}

export function recipients(target: string): string[] {
  return target
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
