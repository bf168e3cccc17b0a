/**
 * Production refuses development secrets: the services would each stop on them, one after the
 * other; `npm run start:prod` names every missing one in one line before building or starting anything.
 */
export function missingProductionSecrets(variables: NodeJS.ProcessEnv = process.env): string[] {
  const missing: string[] = [];
  if (!variables.INTERNAL_TOKEN_SECRET) missing.push('INTERNAL_TOKEN_SECRET');
  if (!variables.JWT_SECRET && !(variables.JWT_PRIVATE_KEY && variables.JWT_PUBLIC_KEY))
    missing.push('JWT_SECRET');
  if (!variables.SWITCHYARD_ADMIN_PASSWORD) missing.push('SWITCHYARD_ADMIN_PASSWORD');
  return missing;
}

export function productionSecretsRefusal(missing: string[]): string {
  return `production needs ${missing.join(', ')}: set ${missing.length > 1 ? 'them' : 'it'} in the environment (development secrets are refused)`;
}
