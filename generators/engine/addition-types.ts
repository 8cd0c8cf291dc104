/**
 * What `create-livrable add` records in `.livrable.json` ("added"): plain data, read by the
 * record (engine/record.ts) and planned by engine/additions.ts.
 */
export interface StepAddition {
  kind: 'step';
  name: string;
  /** Steps it needs (the Argo task's dependencies). */
  after: string[];
}

/** A page of a website project: a .qmd in the navigation. */
export interface PageAddition {
  kind: 'page';
  name: string;
}

export type Addition = StepAddition | PageAddition;
