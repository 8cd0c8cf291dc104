import nodePlop from 'node-plop';
import { ADDITION_KINDS, applyAction, type ActionRunner, type AdditionAction } from './additions.js';
import type { PlannedFile } from './plan.js';
import type { TemplateStore } from './store.js';

/**
 * `add`'s generators, one plop generator per kind. Plop runs the actions; it writes nothing:
 * its action types are ours (`livrable-render`, `livrable-edit`) and change the planned files in
 * memory, through the same renderer as the templates (no HTML escaping, strict variables). The
 * staged, journaled writer (engine/apply.ts) applies the resulting plan. Loaded by `add` only
 * (dist/lazy/add.cjs): plop and its Handlebars stay out of every other run.
 */
export async function plopRunner(store: TemplateStore, kind: (typeof ADDITION_KINDS)[number]): Promise<ActionRunner> {
  const plop = await nodePlop(undefined, { force: false, destBasePath: process.cwd() });
  let planned: Map<string, PlannedFile> | undefined;
  for (const type of ['livrable-render', 'livrable-edit'] as const) {
    // Async: plop reports a rejected promise as a failure with its message.
    plop.setActionType(type, async (_answers, config) => {
      if (!planned) throw new Error('no plan to act on');
      return applyAction(planned, config as unknown as AdditionAction, store) ?? `not planned, left alone: ${String(config.path)}`;
    });
  }
  for (const name of ADDITION_KINDS) {
    plop.setGenerator(name, {
      description: `add a ${name}`,
      prompts: [],
      // The actions are computed (engine/additions.ts) and handed over as data.
      actions: (data) => (data as { actions: AdditionAction[] }).actions as never,
    });
  }
  const generator = plop.getGenerator(kind);
  return async (files, actions) => {
    planned = files;
    try {
      const { failures } = await generator.runActions({ actions });
      const failure = failures[0] as { path?: string; error?: string } | undefined;
      if (failure) throw new Error(`the ${kind} generator failed at ${failure.path || 'an action'}: ${failure.error}`);
    } finally {
      planned = undefined;
    }
  };
}
