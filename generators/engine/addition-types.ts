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

/** The edits an addition can make to a planned file (engine/additions.ts, EDITS). */
export type EditName = 'register-step' | 'argo-step' | 'navbar-page' | 'register-endpoint' | 'include-section';

export type AdditionAction =
  /**
   * Render templates/<template> to <path> (a new file). `once`: a file shared by the additions
   * of a kind (endpoints/__init__.py), written by the first and kept, edits included, after.
   */
  | { type: 'livrable-render'; path: string; template: string; data: object; layer: string; once?: boolean }
  /**
   * Edit the planned file at <path>: `edit` names a pure function of EDITS; `optional` files
   * (the Argo manifests exist from production on) are left alone when the plan has none.
   */
  | { type: 'livrable-edit'; path: string; edit: EditName; data: object; optional?: boolean };
