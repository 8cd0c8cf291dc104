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

export type Addition = StepAddition;
