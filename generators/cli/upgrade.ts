import { UserError } from '../core/errors.js';
import type { Runtime } from './main.js';

export async function runUpgrade(_argv: string[], _rt: Runtime): Promise<number> {
  throw new UserError('`create-livrable upgrade` is not available in this version yet.');
}
