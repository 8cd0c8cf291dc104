import type { DatasetSpec } from './dataset.js';

/**
 * The default data: the Palmer penguins sample every template ships
 * (templates/base/src/__package__/data/penguins.csv, 344 rows). A project generated without
 * `--dataset` gets exactly this, and its record says nothing about data.
 */
export const PENGUINS: DatasetSpec = {
  title: 'Palmer penguins',
  sampleFile: 'penguins.csv',
  rows: 344,
  target: {
    name: 'species',
    task: 'classification',
    labelType: 'text',
    labels: ['Adelie', 'Chinstrap', 'Gentoo'],
    label: 'Species',
    description: 'Species of the penguin.',
  },
  features: [
    {
      name: 'island',
      kind: 'categorical',
      codes: 'text',
      values: ['Biscoe', 'Dream', 'Torgersen'],
      nullable: false,
      label: 'Island',
      description: 'Island of the Palmer Archipelago where it was observed.',
    },
    { name: 'bill_length_mm', kind: 'numeric', integer: false, min: 0, max: 100, nullable: false, label: 'Bill length (mm)', description: 'Bill length (mm).' },
    { name: 'bill_depth_mm', kind: 'numeric', integer: false, min: 0, max: 50, nullable: false, label: 'Bill depth (mm)', description: 'Bill depth (mm).' },
    { name: 'flipper_length_mm', kind: 'numeric', integer: false, min: 0, max: 400, nullable: false, label: 'Flipper length (mm)', description: 'Flipper length (mm).' },
    { name: 'body_mass_g', kind: 'numeric', integer: false, min: 0, max: 10000, nullable: false, label: 'Body mass (g)', description: 'Body mass (g).' },
    {
      name: 'sex',
      kind: 'categorical',
      codes: 'text',
      values: ['female', 'male'],
      nullable: true,
      label: 'Sex',
      description: 'Sex of the penguin; null when unknown (the model imputes it).',
    },
  ],
  ignored: ['year'],
  example: {
    island: 'Biscoe',
    bill_length_mm: 45.2,
    bill_depth_mm: 14.8,
    flipper_length_mm: 212.0,
    body_mass_g: 5200.0,
    sex: 'female',
  },
  source: 'palmerpenguins 0.1.6 (PyPI); Gorman KB, Williams TD, Fraser WR (2014), PLoS ONE 9(3): e90081',
};
