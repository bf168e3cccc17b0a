import { CreateExperiments1732300000200 } from './1732300000200-create-experiments';

export const migrations = [CreateExperiments1732300000200];
