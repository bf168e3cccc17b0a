'use client';

import { usePathname } from 'next/navigation';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useQuery } from 'urql';
import { graphql } from '../lib/gql';
import type { Role } from '../lib/gql/graphql';
import { allows, writesAnywhere } from '../lib/grants';

export const ConsoleQuery = graphql(`
  query ConsoleContext {
    me {
      id
      email
      name
      role
      permissions
      effectivePermissions
    }
    environments {
      key
      name
      sortOrder
    }
    project(key: "default") {
      environments {
        key
        name
        colour
      }
    }
  }
`);

export interface ConsoleUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  permissions: string[];
  /** What the user may do now, custom roles included (see lib/grants.ts). */
  effectivePermissions: string[];
}

export interface ConsoleEnvironment {
  key: string;
  name: string;
  colour?: string | null;
}

export interface ConsoleState {
  user: ConsoleUser | null;
  /** The project's environments, in its order, with its colours. */
  environments: ConsoleEnvironment[];
  /** The environment the console works in (persisted in localStorage and `?env=`). */
  environment: string;
  setEnvironment: (key: string) => void;
  /** Editors and admins may change config, and users whose custom roles grant a write; viewers only read. */
  canEdit: boolean;
  /**
   * Whether the user may change flags in `environment` (production needs the `production` grant; a custom
   * role may grant one environment only).
   */
  canEditIn: (environment: string) => boolean;
}

const STORAGE_KEY = 'switchyard.environment';
const DEFAULT_ENVIRONMENTS = [
  { key: 'development', name: 'Development' },
  { key: 'staging', name: 'Staging' },
  { key: 'production', name: 'Production' },
];

const ConsoleContext = createContext<ConsoleState>({
  user: null,
  environments: DEFAULT_ENVIRONMENTS,
  environment: 'production',
  setEnvironment: () => undefined,
  canEdit: false,
  canEditIn: () => false,
});

export function useConsole(): ConsoleState {
  return useContext(ConsoleContext);
}

export function isProduction(environment: string): boolean {
  return environment === 'production' || environment === 'prod';
}

/** Pages anyone may open: they must not ask the graph who is signed in (a refusal sends the visitor to sign in). */
export function isPublicPath(pathname: string): boolean {
  return ['/sign-in', '/demo'].some((path) => pathname === path || pathname.startsWith(`${path}/`));
}

export function ConsoleProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: ConsoleQuery,
    pause: typeof window === 'undefined' || isPublicPath(pathname),
  });
  // Who is signed in decides every edit control: a failed first answer (a busy gateway, a network
  // blip) is asked again with backoff instead of leaving the console read-only until a reload.
  const attempts = useRef(0);
  useEffect(() => {
    if (data?.me) attempts.current = 0;
    if (!error || fetching || data?.me) return;
    const unauthenticated = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated) return;
    const delay = Math.min(10_000, 500 * 2 ** attempts.current);
    attempts.current += 1;
    const timer = setTimeout(() => reexecute({ requestPolicy: 'network-only' }), delay);
    return () => clearTimeout(timer);
  }, [data, error, fetching, reexecute]);
  const [environment, setEnvironmentState] = useState('production');

  useEffect(() => {
    const fromUrl = new URLSearchParams(window.location.search).get('env');
    const stored = window.localStorage.getItem(STORAGE_KEY);
    const chosen = fromUrl || stored;
    if (chosen) setEnvironmentState(chosen);
  }, []);

  const setEnvironment = useCallback((key: string) => {
    setEnvironmentState(key);
    window.localStorage.setItem(STORAGE_KEY, key);
    const url = new URL(window.location.href);
    if (url.searchParams.has('env')) {
      url.searchParams.set('env', key);
      window.history.replaceState(window.history.state, '', url);
    }
  }, []);

  const value = useMemo<ConsoleState>(() => {
    const user = data?.me ?? null;
    // The project's choice of environments and order; the installation's list while that is unknown.
    const environments: ConsoleEnvironment[] =
      data?.project && data.project.environments.length > 0
        ? data.project.environments
        : data?.environments && data.environments.length > 0
          ? [...data.environments].sort((a, b) => a.sortOrder - b.sortOrder)
          : DEFAULT_ENVIRONMENTS;
    const canEdit = user !== null && (user.role !== 'VIEWER' || writesAnywhere(user.effectivePermissions));
    return {
      user,
      environments,
      environment,
      setEnvironment,
      canEdit,
      canEditIn: (env: string) => canEdit && allows(user.effectivePermissions, 'flags:write', env),
    };
  }, [data, environment, setEnvironment]);

  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}
