/**
 * Everything that differs between Kubernetes installations, in one typed place: images,
 * replicas, resources, host names and the secret's keys. `synth.ts` turns it into YAML.
 */
export type ServiceName = 'flags' | 'experiments' | 'analytics' | 'gateway' | 'console';

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { cpu?: string; memory: string };
}

export interface ServiceConfig {
  image: string;
  /** The HorizontalPodAutoscaler's bounds; the specification's minimum is 2. */
  replicas: { min: number; max: number };
  resources: Resources;
}

export interface DeployConfig {
  namespace: string;
  /** Tag of every image, and the migrations Job's name suffix (a Job's template cannot change). */
  version: string;
  services: Record<ServiceName, ServiceConfig>;
  /** Average CPU use (of requests) the autoscaler keeps. */
  targetCpuPercent: number;
  ingress: { className: string; gatewayHost: string; consoleHost: string; tlsSecret?: string };
  /** Where the in-cluster services find PostgreSQL and Redis (DATABASE_URL comes from the secret). */
  redisUrl: string;
  /** A graphql-ws connection may stay open this long through the ingress with no traffic. */
  websocketIdleTimeoutSeconds: number;
  /** SIGTERM to exit for the gateway: readiness off, in-flight requests and sockets drained. */
  gatewayDrainSeconds: number;
  /**
   * Keys of the `switchyard-secrets` Secret the pods read. Values never live here: kustomize
   * makes the Secret from `secrets.env` (see `secrets.env.example`), kept out of git.
   */
  secretKeys: readonly string[];
}

const registry = 'ghcr.io/switchyard';
const version = '0.1.0';
const image = (service: ServiceName) => `${registry}/${service}:${version}`;
const small: Resources = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } };

export const config: DeployConfig = {
  namespace: 'switchyard',
  version,
  services: {
    flags: { image: image('flags'), replicas: { min: 2, max: 6 }, resources: small },
    experiments: { image: image('experiments'), replicas: { min: 2, max: 6 }, resources: small },
    analytics: {
      image: image('analytics'),
      replicas: { min: 2, max: 6 },
      resources: { requests: { cpu: '200m', memory: '192Mi' }, limits: { memory: '384Mi' } },
    },
    gateway: {
      image: image('gateway'),
      replicas: { min: 2, max: 10 },
      resources: { requests: { cpu: '250m', memory: '192Mi' }, limits: { memory: '384Mi' } },
    },
    console: { image: image('console'), replicas: { min: 2, max: 4 }, resources: small },
  },
  targetCpuPercent: 70,
  ingress: {
    className: 'nginx',
    gatewayHost: 'api.switchyard.example.com',
    consoleHost: 'console.switchyard.example.com',
    tlsSecret: 'switchyard-tls',
  },
  redisUrl: 'redis://redis:6379',
  websocketIdleTimeoutSeconds: 3600,
  gatewayDrainSeconds: 45,
  secretKeys: [
    'DATABASE_URL',
    'INTERNAL_TOKEN_SECRET',
    'JWT_SECRET',
    'SWITCHYARD_ADMIN_EMAIL',
    'SWITCHYARD_ADMIN_PASSWORD',
    'METRICS_TOKEN',
  ],
};
