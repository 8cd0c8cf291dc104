/**
 * The description of a project's data: what `schema.py` in the generated package is rendered
 * from. The default is the Palmer penguins sample every template was written with; `--dataset
 * FILE --target COL` infers another one from the user's table.
 *
 * It is plain JSON (recorded as `dataset` in .livrable.json when it is not the default), so that
 * `upgrade` renders the project's own schema and its new tests and cards from it.
 */

/** A value as it appears in the table: a category code, a label, an example cell. */
export type Scalar = string | number | boolean;

export interface NumericFeature {
  name: string;
  kind: 'numeric';
  /** Integer-valued in the sample (counts, years): the form steps by 1, the API still takes floats. */
  integer: boolean;
  /** Plausibility bounds, wider than the sample (values outside are refused at prediction). */
  min?: number;
  max?: number;
  nullable: boolean;
  label: string;
  description?: string;
}

export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  /** How the codes are written in the table: text, or integers standing for categories. */
  codes: 'text' | 'integer';
  /** The codes seen in the sample, in display order (others are accepted at prediction). */
  values: Scalar[];
  nullable: boolean;
  label: string;
  description?: string;
}

export interface BooleanFeature {
  name: string;
  kind: 'boolean';
  nullable: boolean;
  label: string;
  description?: string;
}

export type FeatureSpec = NumericFeature | CategoricalFeature | BooleanFeature;
export type FeatureKind = FeatureSpec['kind'];

export interface ClassificationTarget {
  name: string;
  task: 'classification';
  /** How the labels are written in the table. */
  labelType: 'text' | 'integer' | 'boolean';
  /** Every label of the sample, in display order (at least two). */
  labels: Scalar[];
  label: string;
  description?: string;
}

export interface RegressionTarget {
  name: string;
  task: 'regression';
  label: string;
  description?: string;
}

export type TargetSpec = ClassificationTarget | RegressionTarget;

export interface DatasetSpec {
  /** For people: "Palmer penguins", "Passengers"... */
  title: string;
  /** File name of the sample shipped in `src/<package>/data/` (CSV). */
  sampleFile: string;
  /** Rows in that sample (data card, tests compute their own counts from the file). */
  rows: number;
  target: TargetSpec;
  /** The model's inputs, in column order. */
  features: FeatureSpec[];
  /** Column identifying a row, if any: de-duplication uses it, and it is never a feature. */
  idColumn?: string;
  /** Columns of the table that are neither features, target nor id (kept out of the model). */
  ignored: string[];
  /** One valid input row (features only; null where a nullable feature is left empty). */
  example: Record<string, Scalar | null>;
  /** Where the data comes from, for the data card (a citation, a URL, "provided by ..."). */
  source?: string;
}

/** The dataset and the bytes of its sample, as the plan takes them. */
export interface DatasetChoice {
  spec: DatasetSpec;
  /** The CSV written to `src/<package>/data/<spec.sampleFile>`. */
  sample: Buffer;
}
