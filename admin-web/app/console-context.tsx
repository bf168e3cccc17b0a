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
import { DEFAULT_PROJECT, projectToOpen } from '../lib/project-scope';

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
  }
`);

// Apart from ConsoleContext: `projects` lists only the projects the user reads flags in (a custom role may
// reach one project alone), and refuses someone who reads flags nowhere; that must not take who is signed
// in with it.
export const ConsoleProjectsQuery = graphql(`
  query ConsoleProjects {
    projects {
      key
      name
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

export interface ConsoleProject {
  key: string;
  name: string;
}

export interface ConsoleState {
  user: ConsoleUser | null;
  /** The project the console works in (`?project=` in every page's address, and remembered). */
  project: string;
  setProject: (key: string) => void;
  /** The projects the user may pick from, `default` first. */
  projects: ConsoleProject[];
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
const PROJECT_STORAGE_KEY = 'switchyard.project';
const PROJECT_PARAM = 'project';
const DEFAULT_ENVIRONMENTS = [
  { key: 'development', name: 'Development' },
  { key: 'staging', name: 'Staging' },
  { key: 'production', name: 'Production' },
];

const ConsoleContext = createContext<ConsoleState>({
  user: null,
  project: DEFAULT_PROJECT,
  setProject: () => undefined,
  projects: [],
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

interface ProjectChoice {
  project: string;
  /** False until the browser has read the choice (the server renders before it knows it). */
  resolved: boolean;
  setProject: (key: string) => void;
}

const ProjectChoiceContext = createContext<ProjectChoice>({
  project: DEFAULT_PROJECT,
  resolved: false,
  setProject: () => undefined,
});

export function useProjectChoice(): ProjectChoice {
  return useContext(ProjectChoiceContext);
}

/** The address with `?project=` saying `project` (absent for the default project, as before projects). */
function addressWith(project: string): URL | null {
  const url = new URL(window.location.href);
  const current = url.searchParams.get(PROJECT_PARAM);
  if (project === DEFAULT_PROJECT ? current === null : current === project) return null;
  if (project === DEFAULT_PROJECT) url.searchParams.delete(PROJECT_PARAM);
  else url.searchParams.set(PROJECT_PARAM, project);
  return url;
}

/**
 * The project the console works in, as LaunchDarkly and Unleash users expect: part of the page's address
 * (`?project=`), so a reload or a shared link opens the same project, and remembered, so the console opens
 * where the user last worked. An address naming a project wins; every page the console moves to keeps it
 * in the address. Above the urql provider, which makes a client per project (lib/project-exchange.ts).
 */
export function ProjectChoiceProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [choice, setChoice] = useState({ project: DEFAULT_PROJECT, resolved: false });
  const latest = useRef(choice);
  latest.current = choice;

  // On load and on every move between pages: adopt a project the address names, or write ours into it
  // (a link inside the console names none). On load without one, the remembered project.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per page; the choice is read through its ref
  useEffect(() => {
    const named = new URLSearchParams(window.location.search).get(PROJECT_PARAM);
    const known = latest.current.resolved
      ? latest.current.project
      : window.localStorage.getItem(PROJECT_STORAGE_KEY);
    const project = named || known || DEFAULT_PROJECT;
    if (named) window.localStorage.setItem(PROJECT_STORAGE_KEY, named);
    const url = addressWith(project);
    if (url) window.history.replaceState(window.history.state, '', url);
    setChoice((prev) => (prev.resolved && prev.project === project ? prev : { project, resolved: true }));
  }, [pathname]);

  const setProject = useCallback((project: string) => {
    window.localStorage.setItem(PROJECT_STORAGE_KEY, project);
    const url = addressWith(project);
    if (url) window.history.replaceState(window.history.state, '', url);
    setChoice({ project, resolved: true });
  }, []);

  const value = useMemo(() => ({ ...choice, setProject }), [choice, setProject]);
  return <ProjectChoiceContext.Provider value={value}>{children}</ProjectChoiceContext.Provider>;
}

export function ConsoleProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { project, resolved, setProject } = useProjectChoice();
  const pause = typeof window === 'undefined' || isPublicPath(pathname) || !resolved;
  const [{ data: fresh, error, fetching }, reexecute] = useQuery({ query: ConsoleQuery, pause });
  const [projectsAnswer] = useQuery({ query: ConsoleProjectsQuery, pause });
  // Who is signed in and the projects are the installation's: a new project's client asks again, and
  // the console keeps the last answer meanwhile instead of going read-only for a moment.
  const lastData = useRef(fresh);
  if (fresh) lastData.current = fresh;
  const data = fresh ?? lastData.current;
  const lastProjects = useRef(projectsAnswer.data?.projects);
  if (projectsAnswer.data) lastProjects.current = projectsAnswer.data.projects;
  const projectList = projectsAnswer.data?.projects ?? lastProjects.current;
  // Who is signed in decides every edit control: a failed first answer (a busy gateway, a network
  // blip) is asked again with backoff instead of leaving the console read-only until a reload.
  const attempts = useRef(0);
  useEffect(() => {
    if (fresh?.me) attempts.current = 0;
    if (!error || fetching || fresh?.me) return;
    const unauthenticated = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    if (unauthenticated) return;
    const delay = Math.min(10_000, 500 * 2 ** attempts.current);
    attempts.current += 1;
    const timer = setTimeout(() => reexecute({ requestPolicy: 'network-only' }), delay);
    return () => clearTimeout(timer);
  }, [fresh, error, fetching, reexecute]);
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

  // A remembered or linked project the user cannot read (gone, or not granted) falls back to the first they
  // can: default when they read it, else the first of their custom roles' projects.
  useEffect(() => {
    const open = projectToOpen(project, projectList);
    if (open !== project) setProject(open);
  }, [projectList, project, setProject]);

  const value = useMemo<ConsoleState>(() => {
    const user = data?.me ?? null;
    const chosen = projectList?.find((p) => p.key === project);
    // The project's choice of environments and order; the installation's list while that is unknown.
    const environments: ConsoleEnvironment[] =
      chosen && chosen.environments.length > 0
        ? chosen.environments
        : data?.environments && data.environments.length > 0
          ? [...data.environments].sort((a, b) => a.sortOrder - b.sortOrder)
          : DEFAULT_ENVIRONMENTS;
    // A project that does not use the chosen environment works in its first one.
    const working =
      chosen && !environments.some((e) => e.key === environment) ? environments[0]!.key : environment;
    const canEdit = user !== null && (user.role !== 'VIEWER' || writesAnywhere(user.effectivePermissions));
    return {
      user,
      project,
      setProject,
      projects: (projectList ?? []).map(({ key, name }) => ({ key, name })),
      environments,
      environment: working,
      setEnvironment,
      canEdit,
      canEditIn: (env: string) => canEdit && allows(user.effectivePermissions, 'flags:write', env, project),
    };
  }, [data, projectList, project, setProject, environment, setEnvironment]);

  return <ConsoleContext.Provider value={value}>{children}</ConsoleContext.Provider>;
}
