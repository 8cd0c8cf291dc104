/**
 * Every sentence the command line prints, in English: the reference catalogue. messages/fr.ts
 * has the same keys (its type is `Messages`, so a missing or extra key does not compile) and the
 * same `{placeholders}` (test/i18n.test.ts). The answer options' own texts (help, prompts, choice
 * labels and hints) stay in domain.ts, their French twins in fr.ts `options`.
 *
 * To add a sentence: add a key here, use it with t('key', { name: value }), add the French twin
 * in fr.ts (the type checker points at the spot). ARCHITECTURE.md, "Messages and languages".
 */
export const en = {
  // ── create ─────────────────────────────────────────────────────────────────────────────────
  missingNonInteractive: 'Missing {needed} in a non-interactive run. Pass them, or --yes to accept the defaults.',
  leftUntouched: 'Left {target} untouched: nothing was written.',
  cancelled: 'Cancelled: nothing was written.',
  dryRunRefused: 'without --dry-run this run would be refused (exit 2): {reason}',
  dryRunWouldAsk: '{target} is not empty: without --dry-run you would be asked whether to write into it.',
  dryRunNonEmpty:
    '{target} is not empty: without --dry-run this run would be refused (exit 2). Pass --overwrite to write into it (same-name files replaced, others kept).',
  dryRunHeader: 'Dry run: {count} files would be written to {target}',
  computed: 'computed',
  jsonNeedsDryRun: '--json goes with --dry-run.',
  note: 'note: ',
  warning: 'warning: ',
  cannotWrite: 'cannot write the project: {message}',
  unexpected: 'unexpected error: {message}',
  debugHint: ' (set DEBUG=1 for the stack trace)',
  noMessage: 'no message',
  // ── command line ───────────────────────────────────────────────────────────────────────────
  seeHelp: ' Run with --help to see the options.',
  oneDirectory: 'Expected one target directory, got {count}: {given}. Quote a name with spaces.',
  unknownOption: 'Unknown option {flag}.',
  takesNoValue: '{flag} takes no value (got "{value}"); to turn it off, leave it out.',
  takesNoValueOrNo: '{flag} takes no value (got "{value}"); to turn it off, leave it out or pass --no-{name}.',
  oneOf: 'one of {choices}',
  aValue: 'a value',
  needsValue: '{flag} needs a value: {expected}.',
  needsValueNotOption:
    '{flag} needs a value ({expected}), but the next argument is the option {next}. A value that starts with "-" is written {flag}=<value>.',
  didYouMean: ' Did you mean {word}?',
  npmKept:
    ' npm kept {flags} for itself: with npm create, put the tool\'s options after `--` (npm create livrable@latest {directory} -- {flags}).',
  // ── answers and presets ────────────────────────────────────────────────────────────────────
  invalidChoice: 'Invalid --{key} "{value}"{source}.{suggestion} Choose one of: {choices}.',
  presetKeySource: 'key "{key}" of the preset "{file}"',
  deliverableRepeated: '--deliverable "{value}" names {deliverable} twice: list each deliverable once.',
  deliverablesUnsupported:
    'The deliverables {deliverables} cannot share a repository at {phase} yet (supported: {supported}); nothing was written.',
  presetNotYaml: 'The preset "{file}" is not valid YAML: {error}',
  presetNotJson: 'The preset "{file}" is not valid JSON: {error}',
  presetNotText: 'The {where} must be text, not {value}: write it in quotes, {key}: "…".',
  presetEmptyValue: 'empty',
  presetYamlNumber: '{error} (YAML reads an unquoted {written} as the number {number}: write versions in quotes.)',
  presetUnreadable: 'Cannot read the preset "{file}": {why}.',
  presetIsDirectory: 'it is a directory',
  presetNotRegular: 'it is not a regular file',
  presetTooLarge: 'it is larger than {size} KiB',
  presetNotMapping: 'The preset "{file}" must be a mapping of option names to values.',
  presetUnknownKey: 'Unknown key "{key}" in the preset "{file}".{suggestion} Known keys: {keys}.',
  // ── names ──────────────────────────────────────────────────────────────────────────────────
  theProjectName: 'The project name',
  theTargetDirectory: 'The target directory',
  theDescription: 'The description',
  theAuthor: 'The author',
  notACharacter: '{what} contains {code}, which is not a character (a Unicode non-character or half a surrogate pair).',
  nameEmpty: 'The project name is empty: pass --name or a directory name.',
  nameControl: 'The project name contains control characters.',
  nameSeparator: 'The project name "{name}" contains a path separator.',
  notAName: '"{name}" is not a project name.',
  nameTooLong: 'The project name is longer than 100 characters.',
  noDistribution: 'Cannot derive a distribution name from "{name}" (no ASCII letters or digits): pass --name.',
  packageHint: 'pass --package NAME (a lowercase Python identifier)',
  packageFromName: 'the name "{name}"',
  packageEmpty: 'The Python package name derived from {origin} is empty: {hint}.',
  packageDigit: 'The Python package name "{name}" (from {origin}) starts with a digit: {hint}.',
  packageNotIdentifier: 'The Python package name "{name}" (from {origin}) is not a lowercase ASCII identifier: {hint}.',
  packageTooLong: 'The Python package name "{name}" is longer than {max} characters.',
  packageDunder: 'The Python package name "{name}" starts with "__": {hint}.',
  packageKeyword: '"{name}" is a Python keyword: {hint}.',
  packageStdlib: '"{name}" is a Python standard-library module and would shadow it: {hint}.',
  packageDependency: '"{name}" is a library the project depends on and would shadow it: {hint}.',
  packageFolder: '"{name}" is the name of a folder in generated projects and would be shadowed by it: {hint}.',
  targetEmpty: 'The target directory is empty.',
  targetControl: 'The target directory contains control characters.',
  targetReserved: '"{name}" is a reserved device name on Windows: choose another directory name.',
  targetNotPortable: 'The directory name "{name}" contains a character that is not portable (<>:"|?*).',
  notOneLine: '{what} must be one line without control characters.',
  textTooLong: '{what} is longer than {max} characters.',
  // ── writing ────────────────────────────────────────────────────────────────────────────────
  targetNotDirectory: 'The target {target} exists and is not a directory.',
  anotherWriter:
    'Another create-livrable (pid {pid}) is writing into {target} right now: wait for it to finish, or choose another directory.',
  interruptedUpgradeFound: 'An interrupted upgrade was found in {target}: {advice}.',
  undidCreate: 'Undid an interrupted create in {target}: your files are back as they were.',
  leftoverOrphan:
    '{dir} holds backups of an interrupted change without a journal: move the files in its backup/ folder back where they belong, then delete it.',
  leftoverUnreadable:
    '{dir} holds a journal that cannot be read: move the files in its backup/ folder back where they belong, then delete it.',
  directoryNameTooLong: 'The directory name is {bytes} bytes long; file systems allow {max}. Choose a shorter name.',
  pathTooLong: 'A path of the project is too long for the file system under {target}: choose a shorter directory.',
  targetNotEmpty:
    'The directory {target} is not empty. Choose another directory, or pass --overwrite to write into it (files of the same name are replaced; others are kept).',
  createdMeanwhile:
    '{target} was created by another process while this project was being written: nothing was written there. Choose another directory, or pass --overwrite.',
  // ── after the write: uv, git ───────────────────────────────────────────────────────────────
  toolMissing:
    '{flag}: {tool} is not installed (not found on PATH), so `{steps}` did not run; the project is written. Install {tool} ({url}), then run it in the project.',
  stepToolMissing:
    '{tool} is not installed (not found on PATH), so `{step}` did not run; the project is written. Install {tool} ({url}), then run it in the project.',
  seeItsDocumentation: 'see its documentation',
  stepFailed: '`{step}` failed; the project is written, run it yourself.',
  stepUnfinished: '`{step}` did not finish',
  stepNotRun: '`{step}` did not run',
  interrupted: 'interrupted: the project is written in {target}, but {what}. To finish, run: {rest}',
  running: 'Running {step}...',
  outcomeFailed: 'failed',
  outcomeInterrupted: 'interrupted',
  // ── prompts ────────────────────────────────────────────────────────────────────────────────
  askDirectory: 'Where should the project be created?',
  confirmOverwrite: '{target} is not empty. Write into it anyway (same-name files are replaced, others kept)?',
  languageFromLocale: 'In English (from your locale). Pour le français : --lang fr',
  languageFromFlag: 'In English (--lang en).',
  yes: 'Yes',
  no: 'No',
  // ── the closing screen ─────────────────────────────────────────────────────────────────────
  created: 'Created {name} ({deliverable}, {phase}) in {target}',
  nextSteps: 'Next steps:',
  sameProject: 'Same project, no questions asked:',
  // ── writing safely: transactions and paths (engine/apply.ts, engine/safe-path.ts) ──
  txDirectoryInTheWay: 'Cannot {action} {path}: a directory of that name is in the way.',
  txBackupChanged: 'the backup of {path} is not the file that was backed up (it was changed or planted); left where it is',
  txRecoveryAdvice: 'run `create-livrable upgrade{dir} --resume` to finish it, or `create-livrable upgrade{dir} --rollback` to undo it',
  txAfter: ' after {cause}',
  txCouldNotUndo: 'Could not undo the {what} of {target}{because} ({error}): every backup is kept in {backup}; {advice}.',
  txFilledMeanwhile: '{target} was filled by another process while this project was being prepared: nothing was written there. Choose another directory, or pass --overwrite.',
  txAnotherChanging: 'Another create-livrable (pid {pid}) is changing {target} right now: wait for it to finish, then run this again. Nothing was written.',
  txFailedCreate: 'Writing the project failed ({error}); every file was put back as it was.',
  txFailedUpgrade: 'The upgrade failed ({error}); every file was put back as it was.',
  txFailedAdd: 'add {summary} failed ({error}); every file was put back as it was.',
  txResumeDamaged: 'Cannot resume: the staged {path} in {staging} is damaged; undo instead with `create-livrable upgrade --rollback`.',
  txResumeAppeared: 'Cannot resume: {path} appeared after the change was interrupted; move it away, or undo instead with `create-livrable upgrade --rollback`.',
  txCouldNotFinish: 'Could not finish the interrupted change ({error}): every backup is kept in {backup}; {advice}.',
  pathUnsafe: 'Cannot {action} "{path}": {reason}.',
  pathLinkFile: 'Cannot {action} {path}: {shown} is a symbolic link, and create-livrable never reads or writes through a link. Replace it with the real file, or move it away.',
  pathLinkFolder: 'Cannot {action} {path}: {shown} is a symbolic link, and create-livrable never reads or writes through a link. Replace it with the real folder, or move it away.',
  pathFileForFolder: 'Cannot {action} {path}: {shown} is a file where a folder is needed. Move it away first.',
  pathNotRegular: 'Cannot {action} {path}: it is not a regular file (a FIFO, socket or device).',
  wordAnd: 'and',
  datasetReadyAt: '{deliverables} projects at {phases}',
  datasetNotReady:
    'Your own data (--dataset, add dataset) is available for {combinations} so far, not for a {deliverable} at {phase}: some of its files still describe the penguins. Nothing was written.',
  pathActionWrite: 'write',
  pathActionRemove: 'remove',
  pathActionRestore: 'restore',
  pathActionReadSample: 'read the data sample',
  pathActionUpgrade: 'upgrade',
  pathActionAdd: 'add',
  pathReasonEmpty: 'it is empty',
  pathReasonNul: 'it contains a NUL byte',
  pathReasonBackslash: 'it contains a backslash',
  pathReasonAbsolute: 'it is absolute',
  pathReasonUp: 'it goes up with ".."',
  pathReasonNotNormal: 'it is not a normalised path',
  pathReasonGit: 'it is inside .git',
  pathReasonStaging: 'it is inside a create-livrable staging folder',
  // ── --help ─────────────────────────────────────────────────────────────────────────────────
  helpText: 'text',
  helpDefault: 'default: {value}',
  helpAskedOnTerminal: ', asked on a terminal unless --yes',
  helpAsked: ', asked unless --yes',
  helpFile: 'file',
  helpColumn: 'column',
  help: `create-livrable {version}
Scaffold a data-science project for its deliverable and its lifecycle phase.

Usage:
  npm create livrable@latest [directory] -- [options]
  create-livrable [directory] [options]
  create-livrable upgrade [directory] --phase <phase>   promote a project, keeping your edits
  create-livrable doctor [directory]                    audit any repo against the phase checklist
  create-livrable add step|page <name> [directory]      grow a project: a pipeline step, a page
  create-livrable add deliverable <d> [directory]       one more deliverable in the same repository
  (each subcommand has its own --help)

Project options:
{options}

Your own data (both or neither; see README "Your own data"):
{datasetOptions}

Run options:
  --preset <file>       JSON or YAML file with the project options above (flags win)
  -y, --yes             accept the defaults for anything not given
  --no-interactive      never prompt (implied when stdin is not a TTY or CI is set)
  --dry-run             print the plan and write nothing: every file with the template it comes
                        from (templates/…), and the fragments composed into README.md & co.
  --json                with --dry-run: print the plan as JSON
                        {"target","answers","dataset"?,"layers":[{"id","dir"}],
                         "files":[{"path","layer","template","fragments"?}]}
                        (dataset: the spec inferred from --dataset)
                        (template is null for the computed .livrable.json)
  --overwrite           allow a non-empty target directory (same-name files are replaced)
  --git, --no-git       git init and a first commit (default: on when git is installed)
  --install, --no-install
                        uv lock and uv sync in the new project (default: on when uv is installed)
  -h, --help            show this help
  -v, --version         print the version

Exit codes:
  0    success
  1    unexpected error, or cancelled (Ctrl-C / Esc at a question); nothing is written
  2    usage or validation error (bad flag or value, bad name, non-empty target,
       missing answers in a non-interactive run); nothing is written
  130  interrupted (Ctrl-C) while git or uv ran: the project is written, and the
       message says what to run to finish

Examples:
  npm create livrable@latest my-api -- --deliverable api --yes
  npm create livrable@latest course-lab -- --preset class.yaml --no-interactive
  npm create livrable@latest my-report -- --deliverable report --dry-run --json
  npm create livrable@latest my-service -- --deliverable api,website --yes
  npm create livrable@latest churn -- --dataset customers.csv --target churned --yes
`,
};

export type MessageKey = keyof typeof en;
/** A catalogue: every key of the English one, nothing else (an object literal of this type with a key missing or extra does not compile). */
export type Messages = { readonly [K in MessageKey]: string };

/** What a language provides: the messages, and the twin of every text of domain.ts. */
export interface Catalogue {
  messages: Messages;
  /** Keyed `<option>.help`, `<option>.prompt`, `<option>.<value>.label`, `<option>.<value>.hint`; absent: English. */
  options?: Readonly<Record<string, string>>;
}
