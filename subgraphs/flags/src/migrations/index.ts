import { CreateFlags1732300000100 } from './1732300000100-create-flags';

/** In order; a new migration is appended here. */
export const migrations = [CreateFlags1732300000100];
