/**
 * What `add` says, in English and French: its help, its report's frame, its prompts and its
 * refusals (cli/add.ts, engine/add.ts, engine/additions.ts, engine/addition-kinds.ts), kept in
 * add's own lazy file. Kinds, action names and --json keys are machine words, the same in both
 * languages.
 */
import { currentLanguage } from '../core/i18n.js';

const en = {
  seeHelp: '{error} Run `create-livrable add --help` to see the options.',
  tooManyWords: 'Expected add <kind> [name] [directory], got {count} words: {given}.',
  jsonNeedsDryRun: '--json goes with --dry-run.',
  unknownKind: 'Unknown kind "{kind}": this version adds {kinds}.{suggestion}',
  missingNonInteractive: 'Missing {missing} in a non-interactive run: create-livrable add <{kinds}> <name> (see add --help).',
  and: ' and ',
  askKind: 'What to add?',
  kindStep: 'a pipeline step',
  kindEndpoint: 'an API endpoint (api)',
  kindPage: 'a page (website, app)',
  kindSection: 'a report section (report)',
  ruleStep: 'lowercase letters and digits',
  ruleEndpoint: 'lowercase words joined by "_"',
  ruleWords: 'lowercase words joined by "-"',
  askName: 'Name of the {kind} ({rule})?',
  askAfter: 'Which steps must run before it? (its inputs are their outputs)',
  afterOnlyStep: '--after goes with `add step` (a {kind} has no needs).',
  afterNotDataset: '--after goes with `add step`.',
  targetOnlyDataset: '--target goes with `add dataset`.',
  missingFile: 'Missing <file>: create-livrable add dataset <file> --target <column> [directory].',
  needsTarget: '`add dataset` needs --target: name the column to predict.',
  missingDeliverable: 'Missing <deliverable>: create-livrable add deliverable <{choices}> [directory].',
  deliverableNoOptions: '--after and --target do not go with `add deliverable`.',
  deliverableAlready: 'This project already delivers {deliverable} (it delivers {deliverables}).',
  deliverableDryRunHeader: 'Dry run: add deliverable {deliverable} would do:',
  deliverableAdded: 'Added the deliverable {deliverable}.',
  deliverableRecord: 'records {change} in the answers ("extraDeliverables")',
  askDeliverable: 'Which deliverable should the project have too?',
  checkDeliverable: 'the project’s checks, the new deliverable’s included (see its README section)',
  thisFolder: 'this folder',
  dryRunHeader: 'Dry run: add {what} in {where} would do:',
  added: 'Added {what} in {where}.',
  datasetDryRunHeader: 'Dry run: add dataset {file} would do:',
  datasetAdded: 'Added dataset {file}.',
  would: 'Would: {counts}.',
  done: 'Done: {counts}.',
  nothingToChange: 'nothing to change',
  conflicts: 'Conflicts: resolve the {ours} … {theirs} blocks in:',
  nextSteps: 'Next steps:',
  editStep: 'the stub: its work, its INPUTS and OUTPUTS',
  editEndpoint: 'the stub: its models and its answer',
  editSection: 'what the section shows',
  editPage: 'what the page shows',
  // ── refusals ──
  noTarget: '{target} does not exist: run `create-livrable add` in a generated project.',
  wouldOverwrite: '{path} already exists: a {kind} "{name}" would overwrite it. Choose another name, or move the file.',
  badStepName:
    '"{name}" is not a valid step name: use lowercase letters and digits, starting with a letter, at most 40 (it is a Python module and an Argo task name).',
  reservedStep: '"{name}" is reserved (a Python keyword or an Argo template of the pipeline): choose another step name.',
  stepTaken: 'The pipeline already has a step "{name}": choose another name.',
  unknownNeed: '--after {name}: the pipeline has no step "{name}" (steps: {steps}).',
  needTwice: '--after names a step twice: {names}.',
  badWebsitePage: '"{name}" is not a valid page name: lowercase letters and digits, words joined by "-", at most 40 (it names website/<name>.qmd).',
  websitePageTaken: 'The website already has a page "{name}": choose another name.',
  wrongDeliverable: '`add {kind}` adds {what}; this project delivers {delivers}.',
  whatEndpoint: 'a route to an API',
  whatPage: 'a page to a website or an app',
  whatSection: 'a section to a report',
  deliversApi: 'an API',
  deliversApp: 'an app',
  deliversReport: 'a report',
  deliversWebsite: 'a website',
  badEndpointName:
    '"{name}" is not a valid endpoint name: lowercase letters and digits, words joined by "_", at most {max} (it names a Python module and the path /<name>).',
  pythonKeyword: '"{name}" is a Python keyword: choose another endpoint name.',
  apiPath: 'The API already answers /{name}: choose another endpoint name.',
  endpointTaken: 'The API already has an endpoint "{name}": choose another name.',
  badAppPage: '"{name}" is not a valid page name: lowercase letters and digits, words joined by "-", at most {max} (it names app/pages/<n>_<Name>.py).',
  mainAppPage: '"streamlit-app" is the app\'s main page: choose another page name.',
  appPageTaken: 'The app already has a page "{name}": choose another name.',
  badSectionName:
    '"{name}" is not a valid section name: lowercase letters and digits, words joined by "-", at most {max} (it names report/_<name>.qmd).',
  sectionTaken: 'The report already has a section "{name}": choose another name.',
  // ── the per-file reasons that name the addition ──
  wordingChange: 'the {kind} {name}',
  wordingUpdate: 'untouched since generated: updated for {change}',
  wordingRecord: 'records {change} in "added"',
  // ── a record whose "added" does not hold up ──
  addedNotList: '{where}: "added" must be a list.',
  addedBadEntry: '{where}: an entry of "added" is not a {shape} object.',
  addedNoAfter: '{where}: the step "{name}" in "added" has no "after" list of names.',
  addedCorrupt: '{where}: "added" is corrupt: {error}',
  help: `create-livrable {version} add
Grow a generated project: the new files, the edits to the files that must know them, and the
record (.livrable.json "added"), so that a later \`upgrade\` keeps them.

Usage:
  create-livrable add step <name> [--after <step>…] [options] [directory]
  create-livrable add endpoint <name> [options] [directory]     (api)
  create-livrable add page <name> [options] [directory]         (website, app)
  create-livrable add section <name> [options] [directory]      (report)
  create-livrable add dataset <file> --target <column> [options] [directory]
  create-livrable add deliverable <api|app|report|website> [options] [directory]

Kinds:
  step <name>           a pipeline step: src/<package>/steps/<name>.py (a stub declaring NEEDS,
                        INPUTS, OUTPUTS and run(ctx)), its registration in pipeline.STEPS, its
                        task and artifacts in deploy/argo/workflow-template.yaml (production and
                        later; added by \`upgrade\` when the project gets there), and
                        tests/test_step_<name>.py. Names: lowercase letters and digits.
  endpoint <name>       API projects: src/<package>/endpoints/<name>.py (POST /<name>: an
                        APIRouter with its request and response models, documented in
                        /docs), its entry in endpoints.MODULES (the API installs that package
                        as one of its EXTENSIONS) and tests/test_endpoint_<name>.py.
                        Names: lowercase words joined by "_"; not a path of the API.
  page <name>           website projects: website/<name>.qmd (an executed cell, run by
                        tests/test_documents.py too) and its entry in the navbar of
                        website/_quarto.yml. App projects: app/pages/<n>_<Name>.py (a
                        Streamlit page, numbered in the order added) and
                        tests/test_page_<name, "-" as "_">.py (Streamlit's AppTest).
                        Names: lowercase words joined by "-".
  section <name>        report projects: report/_<name>.qmd (a section with an executed cell)
                        and its include line at the end of report/report.qmd.
                        Names: lowercase words joined by "-"; not data, model or figures.
  dataset <file>        your own table (CSV or Parquet) in place of the project's data: the
                        schema inferred as \`create-livrable --dataset\` does (shown to confirm or
                        correct in a terminal), the schema module and the sample rewritten,
                        and the dataset recorded so that \`upgrade\` keeps it. --target names the
                        column to predict.
  deliverable <d>       one more deliverable in the same repository, sharing the package, the
                        pipeline and the model: its files, its sections of the shared files
                        (README, AGENTS.md, .env.example, pyproject, CI), and the record's
                        "extraDeliverables", so that \`upgrade --phase\` brings its phase parts
                        too. The same files as \`--deliverable <primary>,<d>\` at creation.
                        With an API and a website, the website gets an API page
                        (website/api.qmd, Observable JS) that calls the API. With an API
                        and an app, one image serves both (the app by its Deployment's
                        command, its manifests as deploy/kubernetes/app-*.yaml).
                        Supported so far: {sets}, on GitHub and GitLab.

Options:
  --after <step>        a step the new one needs (repeat, or separate with commas); its outputs
                        become the new step's inputs. Without it the step needs nothing.
  --target <column>     with \`add dataset\`: the column of the file to predict
  --dry-run             print what would change and write nothing
  --json                with --dry-run: {"target","addition","actions":[{"path","action","reason"}],"counts","conflicts"}
  --force               add even if the git work tree has uncommitted changes
  -h, --help            show this help

The directory defaults to the current one. A file you edited that the addition changes
(pipeline.py, the Argo manifest) is 3-way merged, your edits kept; the change is journaled
like an upgrade (\`create-livrable upgrade --resume | --rollback\` after a crash).
When a terminal is attached, what is missing (kind, name, needs) is asked.

Exit codes:
  0  added (or a dry run)
  1  unexpected error; the project is left as it was
  2  usage or validation error: unknown kind, a kind this deliverable has no use for, invalid
     or taken name (adding the same name twice included), unknown step in --after, a file in
     the way, not a generated project, uncommitted changes without --force, a deliverable the
     project has, or a set of deliverables not supported yet; nothing is written
  3  added with conflicts: resolve the marked blocks in the files listed, then commit
  4  the change failed and could not be undone either; run upgrade --rollback (or --resume)
`,
};

type AddMessages = { readonly [K in keyof typeof en]: string };
export type AddMessageKey = keyof typeof en;

/** An `add` message in the current language, `{name}` placeholders filled. */
export function addSaid(key: AddMessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const text = (currentLanguage() === 'fr' ? fr : en)[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// ── français ─────────────────────────────────────────────────────────────────────────────────
const fr: AddMessages = {
  seeHelp: '{error} Lancez `create-livrable add --help` pour voir les options.',
  tooManyWords: 'Attendu add <type> [nom] [dossier], reçu {count} mots : {given}.',
  jsonNeedsDryRun: '--json s’utilise avec --dry-run.',
  unknownKind: 'Type inconnu « {kind} » : cette version ajoute {kinds}.{suggestion}',
  missingNonInteractive: 'Il manque {missing} pour une exécution non interactive : create-livrable add <{kinds}> <name> (voir add --help).',
  and: ' et ',
  askKind: 'Que faut-il ajouter ?',
  kindStep: 'une étape du pipeline',
  kindEndpoint: 'un point d’accès de l’API (api)',
  kindPage: 'une page (website, app)',
  kindSection: 'une section du rapport (report)',
  ruleStep: 'lettres minuscules et chiffres',
  ruleEndpoint: 'mots en minuscules reliés par « _ »',
  ruleWords: 'mots en minuscules reliés par « - »',
  askName: 'Nom du {kind} ({rule}) ?',
  askAfter: 'Quelles étapes doivent s’exécuter avant elle ? (ses entrées sont leurs sorties)',
  afterOnlyStep: '--after s’utilise avec `add step` (un {kind} n’a pas de dépendances).',
  afterNotDataset: '--after s’utilise avec `add step`.',
  targetOnlyDataset: '--target s’utilise avec `add dataset`.',
  missingFile: 'Il manque <file> : create-livrable add dataset <file> --target <column> [dossier].',
  needsTarget: '`add dataset` demande --target : nommez la colonne à prédire.',
  missingDeliverable: 'Il manque <deliverable> : create-livrable add deliverable <{choices}> [dossier].',
  deliverableNoOptions: '--after et --target ne s’utilisent pas avec `add deliverable`.',
  deliverableAlready: 'Ce projet livre déjà {deliverable} (il livre {deliverables}).',
  deliverableDryRunHeader: 'Simulation : add deliverable {deliverable} ferait :',
  deliverableAdded: 'Livrable {deliverable} ajouté.',
  deliverableRecord: 'enregistre {change} dans les réponses (« extraDeliverables »)',
  askDeliverable: 'Quel livrable le projet doit-il avoir en plus ?',
  checkDeliverable: 'les vérifications du projet, celles du nouveau livrable comprises (voir sa section du README)',
  thisFolder: 'ce dossier',
  dryRunHeader: 'Simulation : add {what} dans {where} ferait :',
  added: '{what} ajouté dans {where}.',
  datasetDryRunHeader: 'Simulation : add dataset {file} ferait :',
  datasetAdded: 'Jeu de données {file} ajouté.',
  would: 'Prévu : {counts}.',
  done: 'Fait : {counts}.',
  nothingToChange: 'rien à changer',
  conflicts: 'Conflits : résolvez les blocs {ours} … {theirs} dans :',
  nextSteps: 'Étapes suivantes :',
  editStep: 'le squelette : son travail, ses INPUTS et OUTPUTS',
  editEndpoint: 'le squelette : ses modèles et sa réponse',
  editSection: 'ce que montre la section',
  editPage: 'ce que montre la page',
  noTarget: '{target} n’existe pas : lancez `create-livrable add` dans un projet généré.',
  wouldOverwrite: '{path} existe déjà : un {kind} « {name} » l’écraserait. Choisissez un autre nom, ou déplacez le fichier.',
  badStepName:
    '« {name} » n’est pas un nom d’étape valide : lettres minuscules et chiffres, en commençant par une lettre, 40 au plus (c’est un module Python et le nom d’une tâche Argo).',
  reservedStep: '« {name} » est réservé (un mot-clé Python ou un modèle Argo du pipeline) : choisissez un autre nom d’étape.',
  stepTaken: 'Le pipeline a déjà une étape « {name} » : choisissez un autre nom.',
  unknownNeed: '--after {name} : le pipeline n’a pas d’étape « {name} » (étapes : {steps}).',
  needTwice: '--after nomme deux fois la même étape : {names}.',
  badWebsitePage:
    '« {name} » n’est pas un nom de page valide : lettres minuscules et chiffres, mots reliés par « - », 40 au plus (il nomme website/<name>.qmd).',
  websitePageTaken: 'Le site a déjà une page « {name} » : choisissez un autre nom.',
  wrongDeliverable: '`add {kind}` ajoute {what} ; ce projet livre {delivers}.',
  whatEndpoint: 'une route à une API',
  whatPage: 'une page à un site ou à une application',
  whatSection: 'une section à un rapport',
  deliversApi: 'une API',
  deliversApp: 'une application',
  deliversReport: 'un rapport',
  deliversWebsite: 'un site web',
  badEndpointName:
    '« {name} » n’est pas un nom de point d’accès valide : lettres minuscules et chiffres, mots reliés par « _ », {max} au plus (il nomme un module Python et le chemin /<name>).',
  pythonKeyword: '« {name} » est un mot-clé Python : choisissez un autre nom de point d’accès.',
  apiPath: 'L’API répond déjà à /{name} : choisissez un autre nom de point d’accès.',
  endpointTaken: 'L’API a déjà un point d’accès « {name} » : choisissez un autre nom.',
  badAppPage:
    '« {name} » n’est pas un nom de page valide : lettres minuscules et chiffres, mots reliés par « - », {max} au plus (il nomme app/pages/<n>_<Name>.py).',
  mainAppPage: '« streamlit-app » est la page principale de l’application : choisissez un autre nom de page.',
  appPageTaken: 'L’application a déjà une page « {name} » : choisissez un autre nom.',
  badSectionName:
    '« {name} » n’est pas un nom de section valide : lettres minuscules et chiffres, mots reliés par « - », {max} au plus (il nomme report/_<name>.qmd).',
  sectionTaken: 'Le rapport a déjà une section « {name} » : choisissez un autre nom.',
  // ── les raisons par fichier qui nomment l’ajout ──
  wordingChange: 'l’ajout {kind} {name}',
  wordingUpdate: 'intact depuis la génération : mis à jour pour {change}',
  wordingRecord: 'enregistre {change} dans « added »',
  // ── un « added » qui ne tient pas ──
  addedNotList: '{where} : « added » doit être une liste.',
  addedBadEntry: '{where} : une entrée de « added » n’est pas un objet {shape}.',
  addedNoAfter: '{where} : l’étape « {name} » de « added » n’a pas de liste de noms « after ».',
  addedCorrupt: '{where} : « added » est corrompu : {error}',
  help: `create-livrable {version} add
Faire grandir un projet généré : les nouveaux fichiers, les modifications des fichiers qui doivent
les connaître, et l’enregistrement (.livrable.json « added »), pour qu’un \`upgrade\` ultérieur les garde.

Utilisation :
  create-livrable add step <name> [--after <step>…] [options] [dossier]
  create-livrable add endpoint <name> [options] [dossier]     (api)
  create-livrable add page <name> [options] [dossier]         (website, app)
  create-livrable add section <name> [options] [dossier]      (report)
  create-livrable add dataset <file> --target <column> [options] [dossier]
  create-livrable add deliverable <api|app|report|website> [options] [dossier]

Types :
  step <name>           une étape du pipeline : src/<package>/steps/<name>.py (un squelette qui
                        déclare NEEDS, INPUTS, OUTPUTS et run(ctx)), son inscription dans
                        pipeline.STEPS, sa tâche et ses artefacts dans
                        deploy/argo/workflow-template.yaml (en production et après ; ajoutés par
                        \`upgrade\` quand le projet y arrive), et tests/test_step_<name>.py.
                        Noms : lettres minuscules et chiffres.
  endpoint <name>       projets API : src/<package>/endpoints/<name>.py (POST /<name> : un
                        APIRouter avec ses modèles de requête et de réponse, documenté dans
                        /docs), son entrée dans endpoints.MODULES (l’API installe ce paquet
                        parmi ses EXTENSIONS) et tests/test_endpoint_<name>.py.
                        Noms : mots en minuscules reliés par « _ » ; pas un chemin de l’API.
  page <name>           projets website : website/<name>.qmd (une cellule exécutée, lancée aussi
                        par tests/test_documents.py) et son entrée dans la barre de navigation de
                        website/_quarto.yml. Projets app : app/pages/<n>_<Name>.py (une page
                        Streamlit, numérotée dans l’ordre d’ajout) et
                        tests/test_page_<name, « - » en « _ »>.py (AppTest de Streamlit).
                        Noms : mots en minuscules reliés par « - ».
  section <name>        projets report : report/_<name>.qmd (une section avec une cellule
                        exécutée) et sa ligne d’inclusion à la fin de report/report.qmd.
                        Noms : mots en minuscules reliés par « - » ; ni data, ni model, ni figures.
  dataset <file>        votre propre table (CSV ou Parquet) à la place des données du projet : le
                        schéma déduit comme le fait \`create-livrable --dataset\` (montré pour être
                        confirmé ou corrigé dans un terminal), le module de schéma et l’échantillon
                        réécrits, et le jeu de données enregistré pour que \`upgrade\` le garde.
                        --target nomme la colonne à prédire.
  deliverable <d>       un livrable de plus dans le même dépôt, qui partage le paquet, le pipeline
                        et le modèle : ses fichiers, ses sections des fichiers partagés (README,
                        AGENTS.md, .env.example, pyproject, CI), et « extraDeliverables » dans
                        l’enregistrement, pour que \`upgrade --phase\` apporte aussi ses parties de
                        phase. Les mêmes fichiers que \`--deliverable <principal>,<d>\` à la création.
                        Avec une API et un site web, le site a une page API (website/api.qmd,
                        Observable JS) qui appelle l’API. Avec une API et une application,
                        une seule image sert les deux (l’application par la commande de son
                        Deployment, ses manifestes en deploy/kubernetes/app-*.yaml).
                        Possible pour l’instant : {sets}, sur GitHub et GitLab.

Options :
  --after <step>        une étape dont la nouvelle a besoin (à répéter, ou séparées par des
                        virgules) ; ses sorties deviennent les entrées de la nouvelle étape. Sans
                        elle, l’étape n’a besoin de rien.
  --target <column>     avec \`add dataset\` : la colonne du fichier à prédire
  --dry-run             afficher ce qui changerait, sans rien écrire
  --json                avec --dry-run : {"target","addition","actions":[{"path","action","reason"}],"counts","conflicts"}
  --force               ajouter même si l’arbre de travail git a des modifications non commitées
  -h, --help            afficher cette aide

Le dossier par défaut est le dossier courant. Un fichier que vous avez modifié et que l’ajout
change (pipeline.py, le manifeste Argo) est fusionné à trois voies, vos modifications gardées ;
le changement est journalisé comme un upgrade (\`create-livrable upgrade --resume | --rollback\`
après un plantage). Quand un terminal est attaché, ce qui manque (type, nom, dépendances) est demandé.

Codes de sortie :
  0  ajouté (ou simulation)
  1  erreur inattendue ; le projet est laissé tel quel
  2  erreur d’usage ou de validation : type inconnu, type inutile pour ce livrable, nom invalide
     ou déjà pris (ajouter deux fois le même nom compris), étape inconnue dans --after, un
     fichier qui gêne, pas un projet généré, modifications non commitées sans --force, un
     livrable que le projet a déjà, ou un ensemble de livrables pas encore pris en charge ; rien
     n’est écrit
  3  ajouté avec des conflits : résolvez les blocs marqués dans les fichiers listés, puis commitez
  4  le changement a échoué et n’a pas pu être annulé non plus ; lancez upgrade --rollback (ou --resume)
`,
};

/** Both catalogues, for the parity and typography tests. */
export const ADD_CATALOGUES = { en, fr } as const;
