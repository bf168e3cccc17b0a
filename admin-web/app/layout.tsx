import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { ProjectPage } from './components/default-only';
import { ConsoleProvider, ProjectChoiceProvider } from './console-context';
import { SiteHeader } from './site-header';
import { UrqlProvider } from './urql-provider';

// Rendered per request: each page's scripts carry the nonce of its own Content-Security-Policy (proxy.ts).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Switchyard', template: '%s · Switchyard' },
  description: 'Switchyard admin console: feature flags and experiments.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <ProjectChoiceProvider>
          <UrqlProvider>
            <ConsoleProvider>
              <SiteHeader />
              <main id="main" className="page">
                <ProjectPage>{children}</ProjectPage>
              </main>
            </ConsoleProvider>
          </UrqlProvider>
        </ProjectChoiceProvider>
      </body>
    </html>
  );
}
