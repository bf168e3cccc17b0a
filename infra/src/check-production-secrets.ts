// `npm run start:prod`'s first step: a missing secret is said at once, not after minutes of building.
import { missingProductionSecrets, productionSecretsRefusal } from './production-secrets';

const missing = missingProductionSecrets();
if (missing.length) {
  process.stderr.write(`npm run start:prod failed: ${productionSecretsRefusal(missing)}\n`);
  process.exit(1);
}
