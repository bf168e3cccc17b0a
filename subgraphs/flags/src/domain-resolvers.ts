import { auditLogResolvers } from './audit/audit-log.resolvers';
import { configChangeResolvers } from './changes/config-change.resolvers';
import { environmentResolvers } from './environments/environment.resolvers';
import { evaluationResolvers } from './evaluation/evaluation.resolvers';
import { flagResolvers } from './flags/flag.resolvers';
import type { Resolvers } from './generated/graphql';
import { integrationResolvers } from './integrations/integration.resolvers';
import { retentionResolvers } from './retention/retention.resolvers';
import { revertResolvers } from './revert/revert.resolvers';
import { changeRequestResolvers } from './releases/change-request.resolvers';
import { codeRefResolvers } from './code-refs/code-refs.resolvers';
import { lifecycleResolvers } from './lifecycle/lifecycle.resolvers';
import { previewResolvers } from './preview/preview.resolvers';
import { projectResolvers } from './projects/project.resolvers';
import { releaseResolvers } from './releases/release.resolvers';
import { segmentResolvers } from './segments/segment.resolvers';

/** Every resolver of the flag domain, merged type by type (each file owns different fields). */
export const flagDomainResolvers: Resolvers = [
  flagResolvers,
  segmentResolvers,
  environmentResolvers,
  evaluationResolvers,
  auditLogResolvers,
  configChangeResolvers,
  integrationResolvers,
  retentionResolvers,
  releaseResolvers,
  changeRequestResolvers,
  revertResolvers,
  codeRefResolvers,
  lifecycleResolvers,
  previewResolvers,
  projectResolvers,
].reduce<Record<string, Record<string, unknown>>>((merged, map) => {
  for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...(fields as object) };
  return merged;
}, {}) as Resolvers;
