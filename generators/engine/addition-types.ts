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

/** A page: a .qmd in the navigation of a website, or a Streamlit page of an app. */
export interface PageAddition {
  kind: 'page';
  name: string;
}

/** A route module of an API project (src/<package>/endpoints/<name>.py). */
export interface EndpointAddition {
  kind: 'endpoint';
  name: string;
}

/** A section of a report project: an included .qmd (report/_<name>.qmd). */
export interface SectionAddition {
  kind: 'section';
  name: string;
}

export type Addition = StepAddition | PageAddition | EndpointAddition | SectionAddition;
export type AdditionKind = Addition['kind'];
