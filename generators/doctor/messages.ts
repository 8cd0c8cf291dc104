/**
 * What `doctor` says, in English and French: the report's frame here, the checks' titles and
 * fixes in the check tables (English) and in FRENCH_CHECKS below, keyed by check id. Ids, statuses
 * and every other machine field of `--json` are the same in both languages; only text a person
 * reads is translated. In doctor's own lazy file, so the create path carries none of it. The
 * details of an outcome (what was found) are keys `found_*` here; the scanners' own fragments
 * (a .gitignore line's problem, a secret's kind, why a scan stopped) are still English.
 */
import { currentLanguage } from '../core/i18n.js';

const en = {
  header: 'create-livrable doctor: {directory}',
  context: 'deliverable: {deliverable} ({deliverableSource}) · target phase: {phase} ({phaseSource})',
  files: 'files: {count} ({how}{incomplete})',
  listedByGit: 'listed by git',
  foundByScanning: 'found by scanning the working tree',
  incomplete: ', incomplete',
  note: 'note: {note}',
  fromFlag: 'from the command line',
  fromRecord: 'from .livrable.json',
  fromCode: 'detected from the code',
  fromDefault: 'default',
  meetsNone: 'meets no phase yet',
  meets: 'meets {phase}',
  missingOne: '{head}; {count} {phase} item missing',
  missingMany: '{head}; {count} {phase} items missing',
  warningsOne: ' ({count} warning)',
  warningsMany: ' ({count} warnings)',
  met: 'target {phase}: met',
  notMet: 'target {phase}: not met',
  fixes: 'Fixes:',
  fixLine: '  {mark} {id}: {fix}',
  itemsOne: '{count} item for {phase}',
  itemsMany: '{count} items for {phase}',
  beyond: 'Beyond the target: {items}; `create-livrable doctor --phase {next}` lists their fixes.',
  doesNotApply: 'does not apply to {deliverable}',
  couldNotCheck: 'could not check: {error}',
  runUpgrade: 'Run `create-livrable upgrade --phase {phase}` (it adds this to a generated project). Otherwise: {change}',
  phase_development: 'Development',
  phase_production: 'Production',
  phase_maintenance: 'Maintenance',
  // ── what the checks found (details of the outcomes) ──
  andMore: '{shown} and {count} more',
  found_nothingAdded: 'nothing recorded as added by `create-livrable add`',
  found_addedNoPackage: '{record} has "added" but no package or deliverable to place its files',
  found_addedFiles: '{count} file(s) of {additions}',
  found_addedMissingOne: 'missing: {paths} (added by `add {by}`)',
  found_addedMissingMany: 'missing: {paths} (added by `add {by}` and others)',
  found_addedFix: 'Restore it from git (`git checkout HEAD -- {first}`), or drop the addition: remove its entry from "added" in {record} and every line that uses it.',
  found_noGitignore: 'no .gitignore',
  found_ignores: 'ignores {paths}',
  found_notIgnored: '{notCovered} (tried {tried}); add {suggestion}',
  found_committed: 'committed',
  found_untrackedNotIgnored: 'untracked but not ignored',
  found_notIgnoredState: 'not ignored',
  found_lockIgnored: '{lock} exists but is ignored: commit it',
  found_lockNotCommitted: '{lock} exists but is not committed',
  found_noLock: 'no lock file (uv.lock) and no pinned requirements*.txt',
  found_unpinned: 'no uv.lock, and not pinned with ==: {items}',
  found_pinned: '{files} pin every dependency with ==',
  found_noLinter: 'no ruff, black, flake8 or pylint configuration',
  found_noPyprojectOnly: 'no pyproject.toml (only {files})',
  found_noPyproject: 'no pyproject.toml',
  found_pyprojectNotToml: 'pyproject.toml is not valid TOML ({error}): uv and pip cannot read it',
  found_depsProject: '{count} dependencies in [project]',
  found_depsPoetry: '{count} dependencies in [tool.poetry.dependencies]',
  found_noDeps: 'pyproject.toml declares no dependencies under [project] dependencies',
  found_modelFile: '{path} (model file, {state})',
  found_committedIgnored: '{path} (committed although .gitignore excludes it)',
  found_noData: 'no data file over {size} MB, no model file',
  found_scannedTracked: 'tracked and unignored files',
  found_scannedTree: 'the working tree',
  found_secretsIncomplete: 'nothing found in what was scanned, but the scan is incomplete: {incomplete}{note}',
  found_secretsIncompleteFix: 'Remove or ignore the runaway folders (virtual environments, generated data) that fill the tree, or audit what was not scanned with a secret scanner.',
  found_nothingIn: 'nothing found in {scanned}{note}',
  found_markersOne: '{count} file has unresolved conflict markers: {where}',
  found_markersMany: '{count} files have unresolved conflict markers: {where}',
  found_markersIncomplete: 'none found in what was scanned, but the scan is incomplete: {incomplete}',
  found_markersIncompleteFix: 'Remove or ignore the runaway folders that fill the tree, then run doctor again.',
  found_noMarkers: 'no unresolved conflict markers',
  found_noPackage: 'no package',
  found_prints: '{count} print() call(s): {where}',
  found_noPrint: 'no print() in the package',
  found_gitFound: '.git found',
  found_insideGit: 'inside the git repository at {root}',
  found_notGit: 'not a git repository',
  found_gitignoreLink: '.gitignore is {link}: not read',
  found_gitignoreLineOne: '{rules} rules; {count} line to correct: {lines}',
  found_gitignoreLineMany: '{rules} rules; {count} lines to correct: {lines}',
  found_gitignoreLinesFix: 'Correct or remove the reported .gitignore lines: git reads them otherwise than they look, or they are too costly to match.',
  found_rules: '{rules} rules',
  found_noReadme: 'no README',
  found_readmeWords: '{readme}, {words} words',
  found_readmeShort: '{readme} has {words} words only',
  found_noLicense: 'no LICENSE file',
  found_testFiles: '{count} test files',
  found_noTests: 'no tests/test_*.py',
  found_ciNotYaml: 'not valid YAML, so it never runs: {files}',
  found_ciNotYamlFix: 'Correct the YAML of the CI configuration (`yamllint` or `actionlint` shows where).',
  found_linkNotRead: '; {link} is {what}: not read',
  found_noCi: 'no CI configuration (.github/workflows/, .gitlab-ci.yml){why}',
  found_noCiShort: 'no CI configuration',
  found_noPytestJob: 'no CI job runs pytest',
  found_onlyScripts: 'no package, only scripts: {scripts}',
  found_noPythonPackage: 'no Python package',
  found_noPythonFiles: 'no Python files',
  found_bigFile: '{path} ({lines} lines of code)',
  found_pyFilesOne: '{count} Python file, none over {max} lines of code',
  found_pyFilesMany: '{count} Python files, none over {max} lines of code',
  found_interrupted: '{names}: an upgrade or create --overwrite was interrupted; the project is half changed',
  found_orphanBackups: '{names}: backups of an interrupted change, without a journal',
  found_interruptedFix: '{advice}; doctor did not read inside that folder.',
  found_orphanBackupsFix: 'Move the files in its backup/ folder back where they belong, then delete the folder.',
  found_running: '{name}: create-livrable (pid {pid}) is changing this folder right now',
  found_runningFix: 'Wait for it to finish, then run doctor again.',
  found_leftover: '{names}: left by a finished or never-begun change',
  found_leftoverFix: 'Delete the folder (the next upgrade deletes it too).',
  found_noStaging: 'no staging folder left by an upgrade or create --overwrite',
  found_noEnvExample: 'no .env.example',
  found_noImages: 'no Kubernetes workload, kustomization or Argo workflow names an image',
  found_fixedImages: '{count} image reference(s), none with a moving tag',
  found_noTag: 'no tag (latest)',
  found_noFile: 'no {name}',
  found_noDependabot: 'no Dependabot or Renovate configuration',
  found_noSchedule: 'no workflow runs on a schedule',
  found_noCron: 'no Argo CronWorkflow (or scheduled Airflow DAG){note}',
  found_noDrift: 'no drift check',
  found_noMetrics: 'the API exposes no /metrics',
  found_noPrTemplate: 'no pull-request template',
  found_invalidYaml: '; not valid YAML, so not read: {files}',
  found_noDockerfile: 'no Dockerfile',
  found_dockerMarkers: 'unresolved conflict markers (line {line})',
  found_noUser: 'no USER instruction: the container runs as root',
  found_latestBase: '{images} (the latest tag moves: pin a version)',
  found_noHealthcheck: 'no HEALTHCHECK in the final stage',
  found_noDockerignore: 'no .dockerignore',
  found_noDockerignoreNorFile: 'no .dockerignore (and no Dockerfile)',
  found_notExcluded: 'does not exclude {paths}',
  found_excludes: 'excludes .env and data/',
  found_noImageJob: 'no CI job builds a container image',
  found_noDeployment: 'no Deployment manifest (Kubernetes, kustomize or Helm){note}',
  found_noArgoCd: 'no ArgoCD Application{note}',
  found_noWorkflow: 'no Argo WorkflowTemplate or Airflow DAG{note}',
  found_noPublish: 'no CI job publishes the rendered site',
  found_noDeploymentShort: 'no Deployment',
  found_trains: '{where} runs `{command}`',
  found_noTraining: '{where}: no training command',
  found_noReadiness: '{where}: no HTTP readinessProbe',
  found_sameProbes: '{where}: readiness and liveness both probe {path}',
  found_readyAt: '{where}: ready at {path}',
  usageError: 'doctor: {error} (see `create-livrable doctor --help`)',
  oneDirectory: 'doctor audits one directory; got {given}.',
  missing: 'doctor: {root} does not exist.',
  notDirectory: 'doctor: {root} is not a directory.',
  help: `Usage: create-livrable doctor [directory] [options]

Audit a repository, generated or not, against the course checklist and the checklist of each
phase (development, production, maintenance). Read-only: it never writes.

Options:
  --phase <phase>          {phases}
                           (default: the phase in .livrable.json, else development)
  --deliverable <kind>     {deliverables}
                           (default: .livrable.json, else detected from the code, else api)
  --json                   {"phase","meets","reached","deliverable","deliverables","directory",
                            "scan":{"source","files","complete","limits"},"notes",
                            "checks":[{"id","phase","title","status","detail","fix"}]}
  --lang <en|fr>           language of the report (default: from the locale); ids and
                           the JSON keys are the same in every language
  -h, --help               show this help

Each check passes (✔), fails (✘), warns (!: advisory, or cannot vouch for its answer,
e.g. a scan stopped at a limit) or does not apply (-).
The repository meets a phase when every non-advisory check of that phase and of the
phases before it passes.

Exit codes:
  0  the repository meets the target phase
  1  unexpected error (one line; the stack trace with DEBUG=1)
  2  usage error: unknown option, bad --phase or --deliverable, directory missing
  3  the repository does not meet the target phase
`,
  found_dataNotIgnored: 'data/ is not ignored',
  found_dataSuggestion: '`/data/` (data lives on object storage)',
  found_modelsNotIgnored: 'neither model files nor a models/ or outputs/ folder are ignored',
  found_modelsSuggestion: '`/models/`, `/outputs/`, `*.skops`, `*.pkl`, `*.joblib`',
  found_envNotIgnored: '.env is not ignored',
  found_envSuggestion: '`.env` (ship a `.env.example` instead)',
  // ── the scanners' own fragments (scan.ts, content.ts, gitignore.ts, secrets.ts, repo.ts)
  scan_yamlTooLarge: 'larger than {size} KiB',
  scan_yamlBudget: 'past the {size} MiB of YAML parsed per audit',
  scan_yamlNested: 'brackets nested more than {depth} deep',
  scan_largeOne: '1 file over {size} MiB was taken for data and not scanned for secrets or conflict markers (first: {first})',
  scan_largeMany: '{count} files over {size} MiB were taken for data and not scanned for secrets or conflict markers (first: {first})',
  scan_depth: 'folders deeper than {max} levels were not scanned (first: {at})',
  scan_files: 'the scan stopped at {max} files (next: {at})',
  scan_entries: 'the scan stopped after {max} directory entries (at {at})',
  scan_unreadOne: '{count} file was not read ({size} MiB of text already read)',
  scan_unreadMany: '{count} files were not read ({size} MiB of text already read)',
  scan_incomplete: 'incomplete scan: {reasons}',
  scan_linkNotRead: '{link} is {why}: not read',
  scan_linkOut: 'a symbolic link out of the repository',
  scan_linkIntoGit: 'a symbolic link into .git',
  scan_noGit: 'git is not installed: scanned the working tree instead',
  scan_gitTimeout: 'git did not answer within {seconds} s: scanned the working tree instead',
  scan_gitFailed: 'git could not list the files ({reason}): scanned the working tree instead',
  ignore_unclosed: 'an unclosed `[` (git matches nothing with this line)',
  ignore_unknownClass: 'unknown character class `[:{name}:]` (git matches nothing with this line)',
  ignore_reversedRange: 'the range `{from}-{to}` is reversed (git reads it as `{from}` alone)',
  ignore_tooLong: 'longer than {max} characters: not applied',
  ignore_globstars: 'more than {max} `**`: too costly to match, not applied',
  ignore_backslash: 'ends with a lone backslash (git ignores this line)',
  secret_awsKeyId: 'looks like an AWS access key id',
  secret_awsSecret: 'looks like an AWS secret access key',
  secret_privateKey: 'holds a private key',
  secret_token: 'looks like a {service} token',
  secret_googleKey: 'looks like a Google API key',
  secret_apiKey: 'looks like an API secret key (sk-…)',
  secret_envFileCommitted: 'environment file is committed',
  secret_envFileNotIgnored: 'environment file is not ignored',
  secret_envFileNotIgnoredByGitignore: 'environment file is not ignored by .gitignore',
  secret_keyFileCommitted: 'key file is committed',
  secret_keyFileNotIgnored: 'key file is not ignored',
  secret_keyFileNotIgnoredByGitignore: 'key file is not ignored by .gitignore',
};

export type DoctorKey = keyof typeof en;
type DoctorMessages = { readonly [K in DoctorKey]: string };

/** A doctor message in the current language, `{name}` placeholders filled. */
export function say(key: DoctorKey, params: Readonly<Record<string, string | number>> = {}): string {
  const text = (currentLanguage() === 'fr' ? fr : en)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A check's title and fix in the current language (the tables hold the English). */
export function checkText(check: { id: string; title: string; fix: string }): { title: string; fix: string } {
  return (currentLanguage() === 'fr' ? FRENCH_CHECKS[check.id] : undefined) ?? { title: check.title, fix: check.fix };
}

// ── français ─────────────────────────────────────────────────────────────────────────────────
const fr: DoctorMessages = {
  header: 'create-livrable doctor : {directory}',
  context: 'livrable : {deliverable} ({deliverableSource}) · phase visée : {phase} ({phaseSource})',
  files: 'fichiers : {count} ({how}{incomplete})',
  listedByGit: 'listés par git',
  foundByScanning: 'trouvés en parcourant l’arborescence de travail',
  incomplete: ', liste incomplète',
  note: 'remarque : {note}',
  fromFlag: 'd’après la ligne de commande',
  fromRecord: 'd’après .livrable.json',
  fromCode: 'déduit du code',
  fromDefault: 'par défaut',
  meetsNone: 'n’atteint encore aucune phase',
  meets: 'atteint la phase {phase}',
  missingOne: '{head} ; {count} point de {phase} manquant',
  missingMany: '{head} ; {count} points de {phase} manquants',
  warningsOne: ' ({count} avertissement)',
  warningsMany: ' ({count} avertissements)',
  met: 'phase visée {phase} : atteinte',
  notMet: 'phase visée {phase} : non atteinte',
  fixes: 'Corrections :',
  fixLine: '  {mark} {id} : {fix}',
  itemsOne: '{count} point pour {phase}',
  itemsMany: '{count} points pour {phase}',
  beyond: 'Au-delà de la phase visée : {items} ; `create-livrable doctor --phase {next}` en donne les corrections.',
  doesNotApply: 'ne s’applique pas au livrable {deliverable}',
  couldNotCheck: 'vérification impossible : {error}',
  runUpgrade:
    'Lancez `create-livrable upgrade --phase {phase}` (il ajoute ceci à un projet généré). Sinon : {change}',
  phase_development: 'Développement',
  phase_production: 'Production',
  phase_maintenance: 'Maintenance',
  // ── ce que les vérifications ont trouvé ──
  andMore: '{shown} et {count} autres',
  found_nothingAdded: 'rien n’est enregistré comme ajouté par `create-livrable add`',
  found_addedNoPackage: '{record} a « added » mais ni paquet ni livrable où placer ses fichiers',
  found_addedFiles: '{count} fichier(s) de {additions}',
  found_addedMissingOne: 'manquant : {paths} (ajouté par `add {by}`)',
  found_addedMissingMany: 'manquants : {paths} (ajoutés par `add {by}` et d’autres)',
  found_addedFix: 'Restaurez-le depuis git (`git checkout HEAD -- {first}`), ou abandonnez l’ajout : retirez son entrée de « added » dans {record} et chaque ligne qui s’en sert.',
  found_noGitignore: 'pas de .gitignore',
  found_ignores: 'ignore {paths}',
  found_notIgnored: '{notCovered} (essayé : {tried}) ; ajoutez {suggestion}',
  found_committed: 'commité',
  found_untrackedNotIgnored: 'non suivi mais pas ignoré',
  found_notIgnoredState: 'pas ignoré',
  found_lockIgnored: '{lock} existe mais est ignoré : commitez-le',
  found_lockNotCommitted: '{lock} existe mais n’est pas commité',
  found_noLock: 'ni fichier de verrouillage (uv.lock) ni requirements*.txt épinglé',
  found_unpinned: 'pas de uv.lock, et pas épinglé avec == : {items}',
  found_pinned: '{files} épinglent chaque dépendance avec ==',
  found_noLinter: 'aucune configuration de ruff, black, flake8 ou pylint',
  found_noPyprojectOnly: 'pas de pyproject.toml (seulement {files})',
  found_noPyproject: 'pas de pyproject.toml',
  found_pyprojectNotToml: 'pyproject.toml n’est pas du TOML valide ({error}) : uv et pip ne peuvent pas le lire',
  found_depsProject: '{count} dépendances dans [project]',
  found_depsPoetry: '{count} dépendances dans [tool.poetry.dependencies]',
  found_noDeps: 'pyproject.toml ne déclare aucune dépendance sous [project] dependencies',
  found_modelFile: '{path} (fichier de modèle, {state})',
  found_committedIgnored: '{path} (commité bien que .gitignore l’exclue)',
  found_noData: 'aucun fichier de données de plus de {size} Mo, aucun fichier de modèle',
  found_scannedTracked: 'les fichiers suivis et non ignorés',
  found_scannedTree: 'l’arbre de travail',
  found_secretsIncomplete: 'rien trouvé dans ce qui a été parcouru, mais le parcours est incomplet : {incomplete}{note}',
  found_secretsIncompleteFix: 'Supprimez ou ignorez les dossiers envahissants (environnements virtuels, données générées) qui remplissent l’arbre, ou auditez ce qui n’a pas été parcouru avec un détecteur de secrets.',
  found_nothingIn: 'rien trouvé dans {scanned}{note}',
  found_markersOne: '{count} fichier a des marqueurs de conflit non résolus : {where}',
  found_markersMany: '{count} fichiers ont des marqueurs de conflit non résolus : {where}',
  found_markersIncomplete: 'aucun dans ce qui a été parcouru, mais le parcours est incomplet : {incomplete}',
  found_markersIncompleteFix: 'Supprimez ou ignorez les dossiers envahissants qui remplissent l’arbre, puis relancez doctor.',
  found_noMarkers: 'aucun marqueur de conflit non résolu',
  found_noPackage: 'pas de paquet',
  found_prints: '{count} appel(s) à print() : {where}',
  found_noPrint: 'aucun print() dans le paquet',
  found_gitFound: '.git trouvé',
  found_insideGit: 'dans le dépôt git de {root}',
  found_notGit: 'pas un dépôt git',
  found_gitignoreLink: '.gitignore est {link} : non lu',
  found_gitignoreLineOne: '{rules} règles ; {count} ligne à corriger : {lines}',
  found_gitignoreLineMany: '{rules} règles ; {count} lignes à corriger : {lines}',
  found_gitignoreLinesFix: 'Corrigez ou supprimez les lignes signalées du .gitignore : git ne les lit pas comme elles en ont l’air, ou elles coûtent trop cher à appliquer.',
  found_rules: '{rules} règles',
  found_noReadme: 'pas de README',
  found_readmeWords: '{readme}, {words} mots',
  found_readmeShort: '{readme} n’a que {words} mots',
  found_noLicense: 'pas de fichier LICENSE',
  found_testFiles: '{count} fichiers de test',
  found_noTests: 'pas de tests/test_*.py',
  found_ciNotYaml: 'pas du YAML valide, donc jamais exécuté : {files}',
  found_ciNotYamlFix: 'Corrigez le YAML de la configuration de l’intégration continue (`yamllint` ou `actionlint` montre où).',
  found_linkNotRead: ' ; {link} est {what} : non lu',
  found_noCi: 'pas de configuration d’intégration continue (.github/workflows/, .gitlab-ci.yml){why}',
  found_noCiShort: 'pas de configuration d’intégration continue',
  found_noPytestJob: 'aucun job de CI ne lance pytest',
  found_onlyScripts: 'pas de paquet, seulement des scripts : {scripts}',
  found_noPythonPackage: 'pas de paquet Python',
  found_noPythonFiles: 'aucun fichier Python',
  found_bigFile: '{path} ({lines} lignes de code)',
  found_pyFilesOne: '{count} fichier Python, aucun de plus de {max} lignes de code',
  found_pyFilesMany: '{count} fichiers Python, aucun de plus de {max} lignes de code',
  found_interrupted: '{names} : un upgrade ou un create --overwrite a été interrompu ; le projet est à moitié changé',
  found_orphanBackups: '{names} : sauvegardes d’un changement interrompu, sans journal',
  found_interruptedFix: '{advice} ; doctor n’a pas lu l’intérieur de ce dossier.',
  found_orphanBackupsFix: 'Remettez les fichiers de son dossier backup/ à leur place, puis supprimez le dossier.',
  found_running: '{name} : create-livrable (pid {pid}) modifie ce dossier en ce moment',
  found_runningFix: 'Attendez qu’il ait fini, puis relancez doctor.',
  found_leftover: '{names} : laissé par un changement terminé ou jamais commencé',
  found_leftoverFix: 'Supprimez le dossier (le prochain upgrade le supprime aussi).',
  found_noStaging: 'aucun dossier de préparation laissé par un upgrade ou un create --overwrite',
  found_noEnvExample: 'pas de .env.example',
  found_noImages: 'aucune charge Kubernetes, kustomization ou workflow Argo ne nomme d’image',
  found_fixedImages: '{count} référence(s) d’image, aucune avec une étiquette mobile',
  found_noTag: 'pas d’étiquette (latest)',
  found_noFile: 'pas de {name}',
  found_noDependabot: 'aucune configuration de Dependabot ou de Renovate',
  found_noSchedule: 'aucun workflow ne s’exécute selon un calendrier',
  found_noCron: 'pas de CronWorkflow Argo (ni de DAG Airflow planifié){note}',
  found_noDrift: 'aucune vérification de dérive',
  found_noMetrics: 'l’API n’expose pas de /metrics',
  found_noPrTemplate: 'pas de modèle de pull request',
  found_invalidYaml: ' ; pas du YAML valide, donc non lu : {files}',
  found_noDockerfile: 'pas de Dockerfile',
  found_dockerMarkers: 'marqueurs de conflit non résolus (ligne {line})',
  found_noUser: 'pas d’instruction USER : le conteneur tourne en root',
  found_latestBase: '{images} (l’étiquette latest bouge : épinglez une version)',
  found_noHealthcheck: 'pas de HEALTHCHECK dans l’étape finale',
  found_noDockerignore: 'pas de .dockerignore',
  found_noDockerignoreNorFile: 'pas de .dockerignore (ni de Dockerfile)',
  found_notExcluded: 'n’exclut pas {paths}',
  found_excludes: 'exclut .env et data/',
  found_noImageJob: 'aucun job de CI ne construit d’image de conteneur',
  found_noDeployment: 'pas de manifeste Deployment (Kubernetes, kustomize ou Helm){note}',
  found_noArgoCd: 'pas d’Application ArgoCD{note}',
  found_noWorkflow: 'pas de WorkflowTemplate Argo ni de DAG Airflow{note}',
  found_noPublish: 'aucun job de CI ne publie le site rendu',
  found_noDeploymentShort: 'pas de Deployment',
  found_trains: '{where} lance `{command}`',
  found_noTraining: '{where} : aucune commande d’entraînement',
  found_noReadiness: '{where} : pas de readinessProbe HTTP',
  found_sameProbes: '{where} : readiness et liveness sondent tous deux {path}',
  found_readyAt: '{where} : prêt sur {path}',
  usageError: 'doctor : {error} (voir `create-livrable doctor --help`)',
  oneDirectory: 'doctor audite un seul dossier ; reçu {given}.',
  missing: 'doctor : {root} n’existe pas.',
  notDirectory: 'doctor : {root} n’est pas un dossier.',
  help: `Utilisation : create-livrable doctor [dossier] [options]

Audite un dépôt, généré ou non, selon la liste de vérification du cours et celle de chaque
phase (développement, production, maintenance). En lecture seule : il n’écrit jamais rien.

Options :
  --phase <phase>          {phases}
                           (par défaut : la phase de .livrable.json, sinon development)
  --deliverable <livrable> {deliverables}
                           (par défaut : .livrable.json, sinon déduit du code, sinon api)
  --json                   {"phase","meets","reached","deliverable","deliverables","directory",
                            "scan":{"source","files","complete","limits"},"notes",
                            "checks":[{"id","phase","title","status","detail","fix"}]}
  --lang <en|fr>           langue du rapport (par défaut : selon la locale) ; les identifiants
                           et les clés du JSON sont les mêmes dans toutes les langues
  -h, --help               affiche cette aide

Chaque vérification réussit (✔), échoue (✘), avertit (! : indicative, ou ne peut garantir
sa réponse, par exemple un parcours arrêté à une limite) ou ne s’applique pas (-).
Le dépôt atteint une phase quand toutes les vérifications non indicatives de cette phase
et des phases précédentes réussissent.

Codes de sortie :
  0  le dépôt atteint la phase visée
  1  erreur inattendue (une ligne ; la pile d’appels avec DEBUG=1)
  2  erreur d’utilisation : option inconnue, --phase ou --deliverable invalide, dossier absent
  3  le dépôt n’atteint pas la phase visée
`,
  found_dataNotIgnored: 'data/ n’est pas ignoré',
  found_dataSuggestion: '`/data/` (les données vivent sur un stockage objet)',
  found_modelsNotIgnored: 'ni les fichiers de modèle ni un dossier models/ ou outputs/ ne sont ignorés',
  found_modelsSuggestion: '`/models/`, `/outputs/`, `*.skops`, `*.pkl`, `*.joblib`',
  found_envNotIgnored: '.env n’est pas ignoré',
  found_envSuggestion: '`.env` (fournissez plutôt un `.env.example`)',
  // ── les fragments des analyseurs
  scan_yamlTooLarge: 'plus de {size} Kio',
  scan_yamlBudget: 'au-delà des {size} Mio de YAML lus par audit',
  scan_yamlNested: 'crochets imbriqués sur plus de {depth} niveaux',
  scan_largeOne: '1 fichier de plus de {size} Mio a été pris pour des données et n’a pas été examiné (secrets, marqueurs de conflit) (premier : {first})',
  scan_largeMany: '{count} fichiers de plus de {size} Mio ont été pris pour des données et n’ont pas été examinés (secrets, marqueurs de conflit) (premier : {first})',
  scan_depth: 'les dossiers à plus de {max} niveaux n’ont pas été parcourus (premier : {at})',
  scan_files: 'le parcours s’est arrêté à {max} fichiers (suivant : {at})',
  scan_entries: 'le parcours s’est arrêté après {max} entrées de dossier (à {at})',
  scan_unreadOne: '{count} fichier n’a pas été lu ({size} Mio de texte déjà lus)',
  scan_unreadMany: '{count} fichiers n’ont pas été lus ({size} Mio de texte déjà lus)',
  scan_incomplete: 'parcours incomplet : {reasons}',
  scan_linkNotRead: '{link} est {why} : non lu',
  scan_linkOut: 'un lien symbolique vers l’extérieur du dépôt',
  scan_linkIntoGit: 'un lien symbolique vers .git',
  scan_noGit: 'git n’est pas installé : l’arbre de travail a été parcouru à la place',
  scan_gitTimeout: 'git n’a pas répondu en {seconds} s : l’arbre de travail a été parcouru à la place',
  scan_gitFailed: 'git n’a pas pu lister les fichiers ({reason}) : l’arbre de travail a été parcouru à la place',
  ignore_unclosed: 'un `[` jamais fermé (git ne reconnaît rien avec cette ligne)',
  ignore_unknownClass: 'classe de caractères inconnue `[:{name}:]` (git ne reconnaît rien avec cette ligne)',
  ignore_reversedRange: 'l’intervalle `{from}-{to}` est inversé (git le lit comme `{from}` seul)',
  ignore_tooLong: 'plus de {max} caractères : non appliquée',
  ignore_globstars: 'plus de {max} `**` : trop coûteuse à évaluer, non appliquée',
  ignore_backslash: 'finit par une barre oblique inverse seule (git ignore cette ligne)',
  secret_awsKeyId: 'ressemble à un identifiant de clé d’accès AWS',
  secret_awsSecret: 'ressemble à une clé d’accès secrète AWS',
  secret_privateKey: 'contient une clé privée',
  secret_token: 'ressemble à un jeton {service}',
  secret_googleKey: 'ressemble à une clé d’API Google',
  secret_apiKey: 'ressemble à une clé secrète d’API (sk-…)',
  secret_envFileCommitted: 'fichier d’environnement commité',
  secret_envFileNotIgnored: 'fichier d’environnement non ignoré',
  secret_envFileNotIgnoredByGitignore: 'fichier d’environnement non ignoré par .gitignore',
  secret_keyFileCommitted: 'fichier de clé commité',
  secret_keyFileNotIgnored: 'fichier de clé non ignoré',
  secret_keyFileNotIgnoredByGitignore: 'fichier de clé non ignoré par .gitignore',
};

/** The French title and fix of every check, by id (test/i18n.test.ts: every id, no other). */
export const FRENCH_CHECKS: Readonly<Record<string, { title: string; fix: string }>> = {
  'development.git': {
    title: 'Dépôt git',
    fix: 'Lancez `git init`, puis faites un commit : `git add --all && git commit -m "Initial commit"`.',
  },
  'development.added-files': {
    title: 'Les fichiers de `create-livrable add` sont là',
    fix: 'Restaurez les fichiers manquants depuis git, ou retirez leur ajout de « added » dans .livrable.json.',
  },
  'production.image-tag-pinned': {
    title: 'Les images déployées nomment un tag fixe (ni `:main`, ni `:latest`)',
    fix: 'Déployez une version : fixez un tag de version ou de commit (`1.2.3`, `sha-abc1234`) ou un digest dans `images:` de kustomization.yaml et comme valeur par défaut du paramètre `image` des modèles Argo, et changez-le dans un commit relu à chaque version.',
  },
  'development.gitignore': {
    title: '.gitignore présent',
    fix: 'Ajoutez un .gitignore (partez de celui de GitHub pour Python) qui exclut les données, les sorties, les modèles et .env.',
  },
  'development.gitignore-data': {
    title: '.gitignore couvre les données',
    fix: 'Ajoutez `/data/` (et `*.parquet`) au .gitignore ; gardez les données sur un stockage objet (S3/MinIO).',
  },
  'development.gitignore-models': {
    title: '.gitignore couvre les sorties et les modèles',
    fix: 'Ajoutez `/models/`, `/outputs/`, `*.skops`, `*.pkl` et `*.joblib` au .gitignore.',
  },
  'development.gitignore-secrets': {
    title: '.gitignore couvre les secrets (.env)',
    fix: 'Ajoutez `.env` et `.env.*`, avec `!.env.example`, au .gitignore.',
  },
  'development.readme': {
    title: 'Un README présente le projet',
    fix: 'Écrivez un README.md (50 mots au moins) : le contexte, comment installer et lancer, comment contribuer.',
  },
  'development.license': {
    title: 'LICENSE',
    fix: 'Ajoutez un fichier LICENSE (MIT, Apache-2.0, BSD-3-Clause…) et nommez-la dans pyproject.toml.',
  },
  'development.dependencies': {
    title: 'Dépendances déclarées dans pyproject.toml',
    fix: 'Déclarez les dépendances dans pyproject.toml : `uv init`, puis `uv add <paquet>` (ou `uv add -r requirements.txt`).',
  },
  'development.lockfile': {
    title: 'Dépendances verrouillées',
    fix: 'Lancez `uv lock` et committez uv.lock (ou fixez chaque ligne de requirements.txt avec ==).',
  },
  'development.lint': {
    title: 'Linter et formateur configurés',
    fix: 'Configurez ruff : une table [tool.ruff] dans pyproject.toml, `uv add --dev ruff`, puis `ruff check` et `ruff format`.',
  },
  'development.tests': {
    title: 'Des tests',
    fix: 'Ajoutez des tests sous tests/ (tests/test_<module>.py) et lancez-les avec `uv run pytest`.',
  },
  'development.ci': {
    title: 'Intégration continue',
    fix: 'Ajoutez un workflow de CI (.github/workflows/ci.yml) qui lance le linter, la vérification du formatage et les tests à chaque push.',
  },
  'development.ci-tests': {
    title: 'Les tests tournent en CI',
    fix: 'Ajoutez une étape de CI qui lance les tests : `uv run pytest`.',
  },
  'development.package': {
    title: 'Code modulaire : un paquet',
    fix: 'Rangez le code dans un paquet, src/<paquet>/ avec un __init__.py, et gardez le point d’entrée mince.',
  },
  'development.file-size': {
    title: 'Pas de script géant (≤ 500 lignes de code par fichier)',
    fix: 'Découpez les fichiers de plus de 500 lignes en modules (chargement des données, validation, modèle, pipeline, point d’entrée).',
  },
  'development.no-data': {
    title: 'Aucun fichier de données ou de modèle versionné',
    fix: 'Retirez-les de git (`git rm --cached <fichier>`), ignorez-les dans .gitignore et mettez les données sur un stockage objet (S3/MinIO) ; purgez l’historique s’ils sont gros.',
  },
  'development.no-secrets': {
    title: 'Aucun secret versionné',
    fix: 'Révoquez le secret tout de suite, retirez-le (`git rm --cached .env`, purge de l’historique) et lisez-le depuis l’environnement ou un .env ignoré par git.',
  },
  'development.conflict-markers': {
    title: 'Aucun marqueur de conflit non résolu',
    fix: 'Résolvez chaque conflit : gardez les bonnes lignes entre `<<<<<<<`, `=======` et `>>>>>>>`, supprimez les marqueurs, puis lancez les vérifications et faites un commit.',
  },
  'development.interrupted-change': {
    title: 'Aucune modification de create-livrable interrompue',
    fix: 'Lancez `create-livrable upgrade --resume` pour terminer la modification interrompue, ou `create-livrable upgrade --rollback` pour l’annuler.',
  },
  'development.env-example': {
    title: 'Configuration par l’environnement (.env.example)',
    fix: 'Lisez les paramètres dans des variables d’environnement et fournissez un .env.example qui les liste (sans valeur secrète).',
  },
  'development.no-print': {
    title: 'logging plutôt que print dans le paquet',
    fix: 'Remplacez print() par un logger de module : `logger = logging.getLogger(__name__)`, puis `logger.info(...)`.',
  },
  'production.dockerfile': {
    title: 'Dockerfile',
    fix: 'Ajoutez un Dockerfile : une image Python slim à la version fixée, uv qui installe les dépendances verrouillées avant la copie du code, une écoute sur 0.0.0.0, aucun secret intégré.',
  },
  'production.docker-user': {
    title: 'L’image tourne sous un utilisateur non root',
    fix: 'Créez un utilisateur sans privilèges dans l’étape finale et passez-y : `USER 10001:10001`.',
  },
  'production.docker-base-tag': {
    title: 'Image de base à version fixée (pas latest)',
    fix: 'Fixez chaque image de base à une version (`python:3.12.8-slim`) ou à un condensat ; jamais `latest` ni d’image sans étiquette.',
  },
  'production.docker-healthcheck': {
    title: 'L’image déclare un HEALTHCHECK',
    fix: 'Ajoutez à l’étape finale un HEALTHCHECK qui interroge le service (par exemple son point d’accès /health).',
  },
  'production.dockerignore': {
    title: '.dockerignore écarte les secrets et les données',
    fix: 'Ajoutez un .dockerignore qui exclut .git, .venv, .env et .env.*, data/, outputs/ et models/.',
  },
  'production.image-workflow': {
    title: 'La CI construit et publie l’image',
    fix: 'Ajoutez un workflow qui construit et publie l’image sur main et sur les étiquettes v*.*.* (docker/build-push-action vers ghcr.io).',
  },
  'production.kubernetes': {
    title: 'Manifestes Kubernetes',
    fix: 'Ajoutez des manifestes Kubernetes avec kustomize : un Deployment (variables tirées de Secrets, limites de ressources), un Service et un Ingress.',
  },
  'production.gitops': {
    title: 'GitOps : Application ArgoCD',
    fix: 'Ajoutez une Application ArgoCD (synchronisation automatique, auto-réparation) qui suit le dossier des manifestes.',
  },
  'production.orchestration': {
    title: 'Orchestration du pipeline (Argo Workflows)',
    fix: 'Décrivez le DAG du pipeline dans un WorkflowTemplate Argo qui lance chaque étape dans l’image du projet (Airflow est l’alternative).',
  },
  'production.publish-workflow': {
    title: 'La CI publie le document',
    fix: 'Ajoutez un workflow qui fait le rendu avec Quarto et le déploie sur GitHub Pages à chaque push sur main (actions/deploy-pages).',
  },
  'production.serving-does-not-train': {
    title: 'Le service n’entraîne pas',
    fix: 'Entraînez dans le pipeline (un workflow Argo ou la CI), enregistrez le modèle et faites que le Deployment se contente de le charger (une URI de modèle ou un chemin d’artefact tiré de sa configuration) ; pas de conteneur d’initialisation qui entraîne.',
  },
  'production.readiness-reflects-model': {
    title: 'La disponibilité (readiness) reflète le modèle',
    fix: 'Donnez au service un point d’accès de disponibilité qui échoue (503) tant qu’aucun modèle n’est chargé, comme /ready, distinct de celui de vie (/health), et interrogez-le dans readinessProbe.',
  },
  'maintenance.dependency-updates': {
    title: 'Mises à jour des dépendances (Dependabot ou Renovate)',
    fix: 'Ajoutez .github/dependabot.yml pour les écosystèmes uv, github-actions et docker (regroupés, avec un délai de carence), ou un renovate.json.',
  },
  'maintenance.scheduled-checks': {
    title: 'Exécution planifiée de la CI',
    fix: 'Ajoutez `schedule: - cron: …` à un workflow pour que les vérifications repassent chaque semaine et qu’une casse venue de l’extérieur se voie d’abord.',
  },
  'maintenance.scheduled-pipeline': {
    title: 'Réentraînement ou rafraîchissement planifié (CronWorkflow)',
    fix: 'Ajoutez un CronWorkflow Argo qui relance le pipeline selon un calendrier (réentraînement, rafraîchissement des données, nouveau rendu).',
  },
  'maintenance.drift-check': {
    title: 'Surveillance : contrôle de la dérive des données',
    fix: 'Ajoutez un contrôle de dérive qui compare les entrées récentes à la référence d’entraînement (Kolmogorov–Smirnov, χ², PSI), sort en erreur au-delà d’un seuil, et planifiez-le.',
  },
  'maintenance.metrics': {
    title: 'Surveillance : point d’accès /metrics (Prometheus)',
    fix: 'Exposez des métriques Prometheus (nombre de requêtes, latence, erreurs) sur /metrics, par exemple avec prometheus_client.',
  },
  'maintenance.security-policy': {
    title: 'SECURITY.md',
    fix: 'Ajoutez SECURITY.md : les versions maintenues et comment signaler une vulnérabilité en privé.',
  },
  'maintenance.contributing': {
    title: 'CONTRIBUTING.md',
    fix: 'Ajoutez CONTRIBUTING.md : branches, pull requests, relecture selon la liste de vérification, comment lancer les vérifications.',
  },
  'maintenance.changelog': {
    title: 'CHANGELOG.md',
    fix: 'Ajoutez CHANGELOG.md (Keep a Changelog) et mettez-le à jour à chaque version.',
  },
  'maintenance.codeowners': {
    title: 'CODEOWNERS',
    fix: 'Ajoutez .github/CODEOWNERS pour que chaque pull request ait un relecteur.',
  },
  'maintenance.pr-template': {
    title: 'Modèle de pull request',
    fix: 'Ajoutez .github/pull_request_template.md avec la liste de vérification de la phase.',
  },
};

/** Both catalogues, for the parity test. */
export const DOCTOR_CATALOGUES = { en, fr };
