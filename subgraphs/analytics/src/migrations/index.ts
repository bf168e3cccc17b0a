import { CreateEvents1732300000300 } from './1732300000300-create-events';

export const migrations = [CreateEvents1732300000300];
