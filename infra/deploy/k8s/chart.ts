import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { parse as parseYaml } from 'yaml';
import type { DeployConfig, ServiceName } from './config';

/** A model object that can check itself against its Kubernetes (or CRD) JSON schema. */
export interface Validatable {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  validate(): void;
  toJSON(): Record<string, unknown>;
}

export const SECRET = 'switchyard-secrets';
const CONFIG = 'switchyard-config';
const subgraphs = ['flags', 'experiments', 'analytics'] as const;

const ports: Record<ServiceName, { variable: string; port: number }> = {
  flags: { variable: 'FLAGS_PORT', port: 4001 },
  experiments: { variable: 'EXPERIMENTS_PORT', port: 4002 },
  analytics: { variable: 'ANALYTICS_PORT', port: 4003 },
  gateway: { variable: 'GATEWAY_PORT', port: 4000 },
  console: { variable: 'PORT', port: 3000 },
};
// Secret keys each service reads; the rest of its settings come from the ConfigMap.
const secretsOf: Record<ServiceName, string[]> = {
  flags: [
    'DATABASE_URL',
    'INTERNAL_TOKEN_SECRET',
    'JWT_SECRET',
    'SWITCHYARD_ADMIN_EMAIL',
    'SWITCHYARD_ADMIN_PASSWORD',
  ],
  experiments: ['DATABASE_URL', 'INTERNAL_TOKEN_SECRET', 'JWT_SECRET'],
  analytics: ['DATABASE_URL', 'INTERNAL_TOKEN_SECRET', 'JWT_SECRET'],
  // METRICS_TOKEN: the gateway's /metrics is closed in production without it.
  gateway: ['DATABASE_URL', 'INTERNAL_TOKEN_SECRET', 'JWT_SECRET', 'METRICS_TOKEN'],
  console: [],
};

/** Every object of the installation, built from the config; each validates against its schema. */
export function switchyardObjects(config: DeployConfig): Validatable[] {
  const labels = (service: string, component = 'server') => ({
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/part-of': 'switchyard',
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/version': config.version,
  });
  const selector = (service: string) => ({
    'app.kubernetes.io/name': service,
    'app.kubernetes.io/part-of': 'switchyard',
  });
  const secretEnv = (keys: string[]): IEnvVar[] =>
    keys.map((key) => ({ name: key, valueFrom: { secretKeyRef: { name: SECRET, key } } }));
  const securityContext = {
    runAsNonRoot: true,
    runAsUser: 1000, // the image's `node` user
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  };
  const httpGet = (pathName: string) => ({ httpGet: { path: pathName, port: 'http' } });

  const container = (service: ServiceName): IContainer => {
    const { variable, port } = ports[service];
    const probes =
      service === 'console'
        ? { readiness: '/', liveness: '/' }
        : { readiness: '/ready', liveness: '/health' };
    return {
      name: service,
      image: config.services[service].image,
      ports: [{ name: 'http', containerPort: port }],
      envFrom: [{ configMapRef: { name: CONFIG } }],
      env: [{ name: variable, value: String(port) }, ...secretEnv(secretsOf[service])],
      resources: config.services[service].resources,
      startupProbe: { ...httpGet('/health'), periodSeconds: 2, failureThreshold: 60 },
      readinessProbe: { ...httpGet(probes.readiness), periodSeconds: 5, failureThreshold: 2 },
      livenessProbe: {
        ...httpGet(probes.liveness),
        periodSeconds: 10,
        failureThreshold: 3,
        timeoutSeconds: 5,
      },
      securityContext: { ...securityContext, readOnlyRootFilesystem: service !== 'console' },
      ...(service === 'gateway'
        ? {
            // Keep serving while endpoints and the ingress forget this pod, then SIGTERM starts the drain.
            lifecycle: { preStop: { exec: { command: ['sleep', '10'] } } },
          }
        : {}),
    };
  };

  const objects: Validatable[] = [
    new Namespace({
      metadata: { name: config.namespace, labels: { 'app.kubernetes.io/part-of': 'switchyard' } },
    }),
    new ConfigMap({
      metadata: { name: CONFIG, labels: labels('switchyard', 'config') },
      data: {
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        HOST: '0.0.0.0',
        REDIS_URL: config.redisUrl,
        FLAGS_URL: `http://flags:${ports.flags.port}/graphql`,
        EXPERIMENTS_URL: `http://experiments:${ports.experiments.port}/graphql`,
        ANALYTICS_URL: `http://analytics:${ports.analytics.port}/graphql`,
        CORS_ORIGINS: `https://${config.ingress.consoleHost}`,
      },
    }),
  ];

  for (const service of Object.keys(config.services) as ServiceName[]) {
    const settings = config.services[service];
    const gateway = service === 'gateway';
    objects.push(
      new Deployment({
        metadata: { name: service, labels: labels(service) },
        spec: {
          // No replicas: the HorizontalPodAutoscaler owns the count (an apply would reset it).
          selector: { matchLabels: selector(service) },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels: labels(service) },
            spec: {
              terminationGracePeriodSeconds: gateway ? config.gatewayDrainSeconds + 15 : 30,
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              containers: [container(service)],
            },
          },
        },
      }),
      new Service({
        metadata: {
          name: service,
          labels: {
            ...labels(service),
            ...(service === 'console' ? {} : { 'switchyard.dev/metrics': 'true' }),
          },
          ...(gateway
            ? {
                annotations: {
                  // When exposed through a cloud load balancer instead of the ingress: keep idle WebSockets.
                  'service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout': String(
                    config.websocketIdleTimeoutSeconds,
                  ),
                },
              }
            : {}),
        },
        spec: {
          selector: selector(service),
          ports: [{ name: 'http', port: ports[service].port, targetPort: 'http' }],
        },
      }),
      new HorizontalPodAutoscaler({
        metadata: { name: service, labels: labels(service) },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: service },
          minReplicas: settings.replicas.min,
          maxReplicas: settings.replicas.max,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: config.targetCpuPercent },
              },
            },
          ],
          // Scale in slowly: each removed gateway pod makes its WebSocket clients reconnect.
          behavior: {
            scaleDown: {
              stabilizationWindowSeconds: 300,
              policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
            },
          },
        },
      }),
      new PodDisruptionBudget({
        metadata: { name: service, labels: labels(service) },
        spec: { maxUnavailable: 1, selector: { matchLabels: selector(service) } },
      }),
    );
  }

  const tls = config.ingress.tlsSecret
    ? {
        tls: [
          {
            hosts: [config.ingress.gatewayHost, config.ingress.consoleHost],
            secretName: config.ingress.tlsSecret,
          },
        ],
      }
    : {};
  const timeout = String(config.websocketIdleTimeoutSeconds);
  objects.push(
    new Ingress({
      metadata: {
        name: 'gateway',
        labels: labels('gateway'),
        annotations: {
          // ingress-nginx passes WebSocket upgrades; these keep a quiet subscription open.
          'nginx.ingress.kubernetes.io/proxy-read-timeout': timeout,
          'nginx.ingress.kubernetes.io/proxy-send-timeout': timeout,
          'nginx.ingress.kubernetes.io/proxy-body-size': '10m',
        },
      },
      spec: {
        ingressClassName: config.ingress.className,
        ...tls,
        rules: [
          {
            host: config.ingress.gatewayHost,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'gateway', port: { name: 'http' } } },
                },
              ],
            },
          },
          {
            host: config.ingress.consoleHost,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name: 'console', port: { name: 'http' } } },
                },
              ],
            },
          },
        ],
      },
    }),
    new ServiceMonitor({
      metadata: { name: 'switchyard', labels: labels('switchyard', 'monitoring') },
      spec: {
        selector: {
          matchLabels: { 'app.kubernetes.io/part-of': 'switchyard', 'switchyard.dev/metrics': 'true' },
        },
        // The gateway answers /metrics only to METRICS_TOKEN; the subgraphs ignore the header.
        endpoints: [
          {
            port: 'http',
            path: '/metrics',
            interval: '30s',
            authorization: { type: 'Bearer', credentials: { name: SECRET, key: 'METRICS_TOKEN' } },
          },
        ],
      },
    }),
    new PrometheusRule({
      metadata: { name: 'switchyard', labels: labels('switchyard', 'monitoring') },
      spec: parseYaml(readFileSync(path.join(__dirname, '..', 'monitoring', 'alerts.yml'), 'utf8')),
    }),
    migrationsJob(config, labels('switchyard', 'migrations'), secretEnv, securityContext),
  );
  return objects;
}

/**
 * Runs every subgraph's migrations (one container each, serialised by their advisory lock)
 * with the new images, before their Deployments roll: apply it first, wait, then the rest.
 */
function migrationsJob(
  config: DeployConfig,
  labels: Record<string, string>,
  secretEnv: (keys: string[]) => IEnvVar[],
  securityContext: IContainer['securityContext'],
): Job {
  return new Job({
    metadata: {
      name: `switchyard-migrate-${config.version.replace(/[^a-z0-9-]/g, '-')}`,
      labels,
      annotations: {
        // For Argo CD; with kubectl, apply `-l app.kubernetes.io/component=migrations` first (README "Deploying").
        'argocd.argoproj.io/hook': 'PreSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 3,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'OnFailure',
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          containers: subgraphs.map((service) => ({
            name: service,
            image: config.services[service].image,
            envFrom: [{ configMapRef: { name: CONFIG } }],
            env: [
              { name: 'SWITCHYARD_MIGRATE_ONLY', value: 'true' },
              ...secretEnv(['DATABASE_URL', 'INTERNAL_TOKEN_SECRET']),
            ],
            resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
            securityContext,
          })),
        },
      },
    },
  });
}

/** The cdk8s chart: one ApiObject per model object, in the installation's namespace. */
export class SwitchyardChart extends Chart {
  constructor(scope: Construct, id: string, config: DeployConfig) {
    // No chart namespace: kustomization.yaml sets it on namespaced objects only.
    super(scope, id, { disableResourceNameHashes: true });
    for (const object of switchyardObjects(config)) {
      const json = object.toJSON() as { apiVersion: string; kind: string; metadata: { name: string } };
      new ApiObject(this, `${json.kind}-${json.metadata.name}`, json);
    }
  }
}
