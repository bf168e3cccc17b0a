'use client';

import { type ReactNode, useMemo } from 'react';
import { Provider } from 'urql';
import { createGraphQLClient, createWaitingClient } from '../lib/graphql-client';
import { useProjectChoice } from './console-context';

/**
 * Gives every client component below it the console's urql client: one per browser tab and project, made
 * once the browser knows the project (a client that sends nothing before), so its cache holds that
 * project's answers only and every query asks again in a newly chosen project (lib/project-exchange.ts
 * fills the project in).
 */
export function UrqlProvider({ children }: { children: ReactNode }) {
  const { project, resolved } = useProjectChoice();
  const client = useMemo(
    () => (resolved ? createGraphQLClient({ project }) : createWaitingClient()),
    [project, resolved],
  );
  return <Provider value={client}>{children}</Provider>;
}
