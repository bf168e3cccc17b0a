import type { Metadata } from 'next';
import { Integrations } from './integrations';

export const metadata: Metadata = { title: 'Integrations' };

export default function IntegrationsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Integrations</h1>
        <p>
          Webhooks, Slack channels and email recipients told about changes as they happen: what each one
          receives, how its deliveries went, and a test message.
        </p>
      </header>
      <Integrations />
    </>
  );
}
