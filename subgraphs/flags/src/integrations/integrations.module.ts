import type { SubgraphDeps } from '@switchyard/server-kit';
import type { ConfigWriter } from '@switchyard/server-kit';
import { IntegrationDeliveryWorker } from './delivery-worker';
import { IntegrationSender } from './integration-sender';
import { IntegrationRepository } from './integration.repository';
import { IntegrationService } from './integration.service';
import { loadIntegrationsConfig } from './integrations.config';
import { Mailer } from './mail/mailer';
import { type OutboundPolicy, parseAllowedNetworks } from './outbound-http';

/**
 * Integrations are a module of the flags subgraph: it owns the outbox and audit log they
 * read, and their configuration is config written through its audited ConfigWriter.
 * Delivery runs as background work in each flags replica; leases keep replicas apart.
 */
export function createIntegrations(
  { ds, logger }: Pick<SubgraphDeps, 'ds' | 'logger'>,
  writer: ConfigWriter,
) {
  const config = loadIntegrationsConfig();
  const policy: OutboundPolicy = {
    allowed: parseAllowedNetworks(config.INTEGRATION_ALLOWED_NETWORKS),
    timeoutMs: config.INTEGRATION_TIMEOUT_MS,
    maxResponseBytes: config.INTEGRATION_RESPONSE_MAX_BYTES,
  };
  const mailer = config.SMTP_URL ? new Mailer(config.SMTP_URL, config.MAIL_FROM) : null;
  const repo = new IntegrationRepository(ds);
  const sender = new IntegrationSender(config, policy, mailer);
  const service = new IntegrationService(repo, writer, sender, policy, mailer !== null);
  const worker = new IntegrationDeliveryWorker(ds, repo, service, sender, config, logger);
  return { service, worker, mailer };
}
export type Integrations = ReturnType<typeof createIntegrations>;

/** Starts delivering; returns the stopper. */
export async function startIntegrations(deps: SubgraphDeps, integrations: Integrations) {
  await integrations.worker.start(deps.bus);
  return async () => {
    await integrations.worker.stop();
    integrations.mailer?.close();
  };
}
