import type { Answers } from '../core/answers.js';
import { say } from './messages.js';
import { actionsFor, describeAddition, validateAdditions } from '../engine/additions.js';
import type { Addition } from '../engine/addition-types.js';
import { RECORD_PATH } from '../engine/record.js';
import { fail, pass, skip, some, type Check } from './check.js';

/**
 * What `create-livrable add` wrote, per the record's "added": every file an addition created is
 * an expected file of the project. A missing one is a broken promise (an endpoint listed in
 * endpoints.MODULES without its module fails the API's import; upgrade would keep it deleted).
 */
export const addedFilesCheck: Check = {
  id: 'development.added-files',
  phase: 'development',
  title: 'The files of `create-livrable add` are there',
  check: ({ repo }) => {
    const record = repo.record;
    if (!record || record.added === undefined) return skip(say('found_nothingAdded'));
    if (!record.package || !record.deliverable) return fail(say('found_addedNoPackage', { record: RECORD_PATH }));
    // The additions' files depend on the package and the deliverables only.
    const answers = {
      package: record.package,
      deliverable: record.deliverable,
      ...(record.extraDeliverables ? { extraDeliverables: record.extraDeliverables } : {}),
    } as Answers;
    let additions: Addition[];
    try {
      additions = validateAdditions(record.added, answers, RECORD_PATH);
    } catch (error) {
      return fail((error as Error).message);
    }
    const missing = new Map<string, string>();
    let expected = 0;
    for (const [i, addition] of additions.entries()) {
      for (const action of actionsFor(addition, answers, additions.slice(0, i))) {
        if (action.type !== 'livrable-render' || missing.has(action.path)) continue;
        expected += 1;
        if (!repo.isFile(action.path)) missing.set(action.path, describeAddition(addition));
      }
    }
    if (missing.size === 0) return pass(say('found_addedFiles', { count: expected, additions: some(additions.map(describeAddition)) }));
    const [first, by] = [...missing.entries()][0] as [string, string];
    return {
      status: 'fail',
      detail: say(missing.size > 1 ? 'found_addedMissingMany' : 'found_addedMissingOne', { paths: some([...missing.keys()]), by }),
      fix: say('found_addedFix', { first, record: RECORD_PATH }),
    };
  },
  fix: 'Restore the missing files from git, or remove their addition from "added" in .livrable.json.',
};
