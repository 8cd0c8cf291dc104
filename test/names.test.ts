import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { userError } from './helpers.js';
import { UserError } from '../generators/core/errors.js';
import {
  deriveNames,
  foldToAscii,
  toDistributionName,
  validateOneLine,
  validatePackageName,
  validateTargetDir,
} from '../generators/core/names.js';


describe('deriveNames: display → distribution → import name', () => {
  it.each([
    // display, distribution, package
    ['my-project', 'my-project', 'my_project'],
    ['My Project', 'my-project', 'my_project'],
    ['  Padded Name  ', 'padded-name', 'padded_name'],
    ['Café Crème', 'cafe-creme', 'cafe_creme'],
    ['Élève Übersicht Niño', 'eleve-ubersicht-nino', 'eleve_ubersicht_nino'],
    ['sales.v2', 'sales-v2', 'sales_v2'],
    ['a--b__c..d', 'a-b-c-d', 'a_b_c_d'],
    ['churn_model', 'churn-model', 'churn_model'],
    ['-leading and trailing-', 'leading-and-trailing', 'leading_and_trailing'],
    ['Sales & "Churn"', 'sales-churn', 'sales_churn'],
    ['Penguins 🐧 Lab', 'penguins-lab', 'penguins_lab'],
    ['ML4Good', 'ml4good', 'ml4good'],
    ['x', 'x', 'x'],
  ])('%j → %s / %s', (display, distribution, pkg) => {
    expect(deriveNames(display)).toEqual({ display: display.trim(), distribution, package: pkg });
  });

  it('keeps the display name as typed (trimmed), accents and all', () => {
    expect(deriveNames('  Analyse des Ventes  ').display).toBe('Analyse des Ventes');
  });

  it('folds accents to ASCII', () => {
    expect(foldToAscii('àéîõü ÀÉÎÕÜ ç')).toBe('aeiou AEIOU c');
  });

  it('truncates the distribution name to 64 characters without a trailing dash', () => {
    const long = `${'a'.repeat(63)} bcd`;
    const names = deriveNames(long);
    expect(names.distribution.length).toBeLessThanOrEqual(64);
    expect(names.distribution).not.toMatch(/-$/);
    expect(names.distribution).toBe('a'.repeat(63));
    expect(names.package).toBe('a'.repeat(63));
  });

  it('refuses a name with no ASCII letter or digit, pointing at --name', () => {
    const error = userError(() => deriveNames('日本語'));
    expect(error.message).toMatch(/--name/);
    expect(() => toDistributionName('---')).toThrow(UserError);
  });

  describe('leading digit', () => {
    it('is refused with a message naming --package', () => {
      const error = userError(() => deriveNames('2024 Sales'));
      expect(error.message).toMatch(/--package/);
      expect(error.message).toMatch(/digit/);
    });

    it('is accepted with an explicit --package; the distribution name keeps the digits', () => {
      expect(deriveNames('2024 Sales', 'sales_2024')).toEqual({
        display: '2024 Sales',
        distribution: '2024-sales',
        package: 'sales_2024',
      });
    });
  });

  it.each(['class', 'import', 'lambda', 'match', 'None', 'async'])('refuses the Python keyword %j', (word) => {
    // "None" derives to "none", which is fine; via --package it is a keyword but not lowercase.
    if (word === 'None') {
      expect(deriveNames(word).package).toBe('none');
      expect(() => validatePackageName(word, '--package')).toThrow(UserError);
      return;
    }
    const error = userError(() => deriveNames(word));
    expect(error.message).toMatch(/keyword/);
    expect(error.message).toMatch(/--package/);
  });

  it.each(['json', 'test', 'random', 'os', 'typing', 'email', 'logging', 'tests'])(
    'refuses the standard-library name %j (it would shadow the module)',
    (word) => {
      const error = userError(() => deriveNames(word));
      expect(error.message).toMatch(/standard-library/);
      expect(error.message).toMatch(/--package/);
    },
  );

  it.each(['pandas', 'sklearn', 'numpy', 'fastapi', 'streamlit', 'duckdb', 'pytest'])(
    'refuses %j, a dependency the generated code imports',
    (word) => {
      const error = userError(() => deriveNames(word));
      expect(error.message).toMatch(/depends on|shadow/);
    },
  );

  it('derives a forbidden package name from a harmless display name too ("Random" → random)', () => {
    expect(() => deriveNames('Random')).toThrow(/standard-library/);
    expect(() => deriveNames('scikit learn')).toThrow(UserError);
  });

  it('an explicit --package rescues a display name whose derived package is forbidden', () => {
    expect(deriveNames('pandas', 'pandas_study')).toEqual({
      display: 'pandas',
      distribution: 'pandas',
      package: 'pandas_study',
    });
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['.', /not a project name/],
    ['..', /not a project name/],
    ['a/b', /path separator/],
    ['..\\evil', /path separator/],
    ['../escape', /path separator/],
    ['line\nbreak', /control/],
    ['tab\there', /control/],
    ['nul\u0000byte', /control/],
    ['x'.repeat(101), /longer than 100/],
  ])('refuses the display name %j', (display, message) => {
    expect(userError(() => deriveNames(display)).message).toMatch(message);
  });

  it('accepts a display name of exactly 100 characters', () => {
    expect(deriveNames('x'.repeat(100)).display).toHaveLength(100);
  });
});

describe('validatePackageName (--package)', () => {
  it.each(['pkg', 'my_pkg', '_private', 'a1', 'x'.repeat(64)])('accepts %j', (pkg) => {
    expect(validatePackageName(pkg, '--package')).toBe(pkg);
  });

  it.each([
    ['', /empty/],
    ['Pkg', /lowercase/],
    ['my-pkg', /lowercase/],
    ['my.pkg', /lowercase/],
    ['my pkg', /lowercase/],
    ['paquet_é', /lowercase/],
    ['1pkg', /digit/],
    ['__init__', /__/],
    ['__main__', /__/],
    ['x'.repeat(65), /longer than 64/],
    ['for', /keyword/],
    ['json', /standard-library/],
    ['sklearn', /depends on/],
    ['src', /depends on|shadow/],
  ])('refuses %j', (pkg, message) => {
    expect(userError(() => validatePackageName(pkg, '--package')).message).toMatch(message);
  });

  it('names the option to fix in every refusal', () => {
    for (const pkg of ['Pkg', '1pkg', 'for', 'json', 'pandas', '__x']) {
      expect(userError(() => validatePackageName(pkg, '--package')).message).toMatch(/--package/);
    }
  });
});

describe('validateTargetDir', () => {
  const cwd = path.resolve('/work/some/where');

  it('resolves relative and absolute directories against cwd', () => {
    expect(validateTargetDir('my-project', cwd)).toBe(path.join(cwd, 'my-project'));
    expect(validateTargetDir('sub/dir', cwd)).toBe(path.join(cwd, 'sub', 'dir'));
    expect(validateTargetDir('.', cwd)).toBe(cwd);
    expect(validateTargetDir('..', cwd)).toBe(path.dirname(cwd));
    expect(validateTargetDir('/abs/proj', cwd)).toBe(path.resolve('/abs/proj'));
    expect(validateTargetDir('with space', cwd)).toBe(path.join(cwd, 'with space'));
  });

  it.each(['CON', 'con', 'nul.txt', 'NUL', 'prn', 'aux.tar.gz', 'COM1', 'lpt9', 'sub/Lpt1.log'])(
    'refuses the Windows reserved device name %j',
    (dir) => {
      expect(userError(() => validateTargetDir(dir, cwd)).message).toMatch(/reserved/);
    },
  );

  it.each(['console', 'nullable', 'com', 'auxiliary', 'prn-reports'])('accepts %j (not a device name)', (dir) => {
    expect(validateTargetDir(dir, cwd)).toBe(path.join(cwd, dir));
  });

  it.each(['a:b', 'what?', 'star*', 'pipe|x', 'lt<gt>', 'quote"d'])('refuses the non-portable name %j', (dir) => {
    expect(userError(() => validateTargetDir(dir, cwd)).message).toMatch(/not portable/);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['new\nline', /control/],
    ['tab\tdir', /control/],
  ])('refuses %j', (dir, message) => {
    expect(userError(() => validateTargetDir(dir, cwd)).message).toMatch(message);
  });
});

describe('validateOneLine (description, author)', () => {
  it('trims and keeps punctuation, quotes, unicode', () => {
    expect(validateOneLine('  Sales & "churn": #1 🐧 ', 'description')).toBe('Sales & "churn": #1 🐧');
  });

  it.each(['two\nlines', 'carriage\rreturn', 'tab\tinside', 'del\u007f', 'bell\u0007'])(
    'refuses the control character in %j',
    (value) => {
      expect(userError(() => validateOneLine(value, 'description')).message).toMatch(/description/);
    },
  );

  it('enforces the length limit', () => {
    expect(validateOneLine('x'.repeat(300), 'description')).toHaveLength(300);
    expect(() => validateOneLine('x'.repeat(301), 'description')).toThrow(UserError);
    expect(() => validateOneLine('x'.repeat(201), 'author', 200)).toThrow(/author/);
  });
});
