import { CreateFlags1732300000100 } from './1732300000100-create-flags';
import { CreateAuth1732300500100 } from './1732300500100-create-auth';

/** In order; a new migration is appended here. */
export const migrations = [CreateFlags1732300000100, CreateAuth1732300500100];
