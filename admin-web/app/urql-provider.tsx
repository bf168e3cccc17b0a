'use client';

import { type ReactNode, useState } from 'react';
import { Provider } from 'urql';
import { createGraphQLClient } from '../lib/graphql-client';

/** Gives every client component below it the console's urql client (one per browser tab). */
export function UrqlProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createGraphQLClient);
  return <Provider value={client}>{children}</Provider>;
}
